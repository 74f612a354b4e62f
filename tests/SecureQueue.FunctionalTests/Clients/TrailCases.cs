namespace SecureQueue.FunctionalTests.Clients;

/// <summary>
/// The LookupEvents cases of the real-client scripts (tests/clients/…/trail_cases.*), written here a second time so a
/// case cannot silently go missing. Cases named auditor_… run as the trail auditor, sender_… as the send-only identity.
/// </summary>
public static class TrailCases
{
    public static readonly IReadOnlyList<string> Python =
    [
        "auditor_lookup_by_every_attribute",
        "auditor_pages_with_next_token",
        "auditor_time_window",
        "auditor_errors",
        "auditor_lookup_is_audited",
        "auditor_record_has_no_message_body",
        "auditor_cannot_use_sqs",
        "sender_is_denied",
    ];

    public static readonly IReadOnlyList<string> Cli =
    [
        "auditor_lookup_by_attributes",
        "auditor_paging",
        "auditor_errors",
        "sender_is_denied",
    ];

    public static readonly IReadOnlyList<string> Node =
    [
        "auditor_lookup_by_every_attribute",
        "auditor_paginates",
        "auditor_errors",
        "sender_is_denied",
    ];

    public static TheoryData<string> PythonData => new(Python);

    public static TheoryData<string> CliData => new(Cli);

    public static TheoryData<string> NodeData => new(Node);
}
