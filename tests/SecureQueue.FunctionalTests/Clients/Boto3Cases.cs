namespace SecureQueue.FunctionalTests.Clients;

/// <summary>The cases of tests/clients/python/sqs_cases.py, run once per boto3 (one per protocol).</summary>
public static class Boto3Cases
{
    public const string Script = "sqs_cases.py";

    public static readonly IReadOnlyList<string> Names =
    [
        "create_queue_with_attributes_and_tags",
        "create_queue_is_idempotent",
        "create_queue_with_different_attributes_fails",
        "create_queue_rejects_invalid_names",
        "create_queue_rejects_invalid_attributes",
        "get_queue_url",
        "list_queues_by_prefix",
        "list_queues_paging",
        "delete_queue_then_recreate_fails",
        "get_queue_attributes_all_on_new_queue",
        "get_queue_attributes_subset",
        "get_queue_attributes_counters",
        "set_queue_attributes_and_read_back",
        "set_queue_attributes_rejects_invalid",
        "get_queue_attributes_rejects_unknown_name",
        "purge_queue_then_purge_in_progress",
        "send_message_with_attributes_md5",
        "send_message_system_attribute_trace_header",
        "body_with_special_characters_round_trips",
        "send_message_batch",
        "send_message_batch_partial_failure",
        "send_message_batch_errors",
        "delete_and_change_visibility_batch_errors",
        "receive_max_number_of_messages",
        "receive_visibility_timeout_override",
        "receive_long_poll_returns_when_message_arrives",
        "receive_long_poll_waits_on_empty_queue",
        "delay_seconds_per_message",
        "delay_seconds_per_queue",
        "receive_system_attributes_only_when_requested",
        "receive_with_deprecated_attribute_names",
        "receive_message_attribute_filters",
        "delete_message_is_idempotent",
        "delete_with_stale_receipt_deletes_nothing",
        "delete_with_expired_receipt_deletes",
        "delete_message_batch_with_invalid_entry",
        "change_message_visibility",
        "change_message_visibility_batch",
        "tag_untag_list_queue_tags",
        "queue_policy_attribute",
        "add_and_remove_permission",
        "sender_allowed_by_queue_policy",
        "sender_denied_by_queue_policy",
        "nonexistent_queue_on_every_action",
        "receipt_handle_is_invalid",
        "receive_rejects_invalid_parameters",
        "send_rejects_invalid_delay",
        "send_rejects_invalid_characters",
        "send_rejects_empty_body",
        "missing_required_parameter",
        "send_message_size_limits",
        "send_rejects_invalid_message_attributes",
        "sender_identity_may_only_send",
        "nodelete_identity_cannot_delete_queue",
        "unknown_access_key_is_rejected",
        "wrong_secret_is_rejected",
    ];

    public static TheoryData<string> Data => new(Names);
}
