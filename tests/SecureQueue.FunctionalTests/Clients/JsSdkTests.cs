using SecureQueue.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace SecureQueue.FunctionalTests.Clients;

/// <summary>
/// The AWS SDK for JavaScript v3 (@aws-sdk/client-sqs, pinned in tests/clients/node/package.json): the SQS JSON
/// protocol, with the SDK's own body MD5 checks on.
/// </summary>
public sealed class JsSdkTests(GatewayFixture fixture, ITestOutputHelper output)
    : ClientCaseTests(fixture, output), IClassFixture<GatewayFixture>
{
    public static readonly IReadOnlyList<string> Names =
    [
        "create_get_url_list_and_delete_queue",
        "queue_attributes",
        "send_and_receive_with_attributes",
        "send_message_batch",
        "delete_message_and_batch",
        "change_message_visibility_and_batch",
        "tags",
        "purge_queue",
        "long_poll_returns_when_message_arrives",
        "md5_verification_is_on",
        "queue_does_not_exist_error",
        "queue_url_as_endpoint",
        "sts_get_caller_identity",
        "sender_access_denied",
        "fifo_queue_attributes",
        "fifo_send_receive_order_and_deduplication",
        "fifo_batch_and_dead_letter_queue",
        "sqs_consumer_drives_fifo_queue",
        "sqs_consumer_standard_queue_with_dead_letter_queue",
    ];

    public static TheoryData<string> Cases => new(Names);

    protected override string FileName => "node";

    protected override IReadOnlyList<string> ScriptArguments => ["sqs_cases.mjs"];

    protected override string ScriptDirectory => "node";

    protected override string? Protocol => "json";

    protected override IReadOnlyList<string> ExpectedCases => Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case_Passes(string name) => RunCaseAsync(name);

    [Fact]
    public Task List_EqualsTheCasesRunHere() => ListMatchesExpectedCasesAsync();
}
