namespace SecureQueue.FunctionalTests.Clients;

/// <summary>The cases of tests/clients/cli/cli_cases.sh, run once per AWS CLI (one per protocol).</summary>
public static class AwsCliCases
{
    public const string Script = "cli_cases.sh";

    public static readonly IReadOnlyList<string> Names =
    [
        "queue_lifecycle",
        "send_receive_delete",
        "change_message_visibility",
        "purge_queue",
        "tags",
        "batches",
        "nonexistent_queue_error",
        "caller_identity",
        "region_namespace",
        "fifo_queue_attributes",
        "fifo_send_receive",
        "fifo_batch_and_dead_letter_queue",
    ];

    public static TheoryData<string> Data => new(Names);
}
