namespace SecureQueue.FunctionalTests.Clients;

/// <summary>The message move task cases of each script, in script order (a List test checks each script's --list against these).</summary>
public static class MoveCases
{
    public static readonly string[] Python =
    [
        "move_task_to_destination",
        "move_task_default_destination_two_sources",
        "move_task_rate",
        "move_task_cancel",
        "move_task_errors",
        "move_task_denied_by_destination_policy",
    ];

    public static readonly string[] Node =
    [
        "move_task_to_destination",
        "move_task_default_destination_two_sources",
        "move_task_cancel",
        "move_task_errors",
    ];

    public static readonly string[] Cli =
    [
        "move_task_start_list_cancel",
        "move_task_default_destination",
        "move_task_errors",
    ];

    public static TheoryData<string> PythonData => new(Python);

    public static TheoryData<string> NodeData => new(Node);

    public static TheoryData<string> CliData => new(Cli);
}
