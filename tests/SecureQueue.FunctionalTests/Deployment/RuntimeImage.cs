using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Deployment;

/// <summary>compose/Dockerfile's final stage: its base image, user, environment and entry point, as the image would have them.</summary>
internal sealed record RuntimeImage(string From, string? User, IReadOnlyDictionary<string, string> Environment, IReadOnlyList<string> Instructions)
{
    public static string Path => System.IO.Path.Combine(ClientProcess.RepositoryRoot, "compose", "Dockerfile");

    public static RuntimeImage Load()
    {
        // Continuation lines joined, comments dropped: one instruction per entry.
        var text = File.ReadAllText(Path).Replace("\\\n", " ", StringComparison.Ordinal);
        var instructions = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var last = instructions.FindLastIndex(i => i.StartsWith("FROM ", StringComparison.Ordinal));
        var stage = instructions[last..];
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in stage.Where(i => i.StartsWith("ENV ", StringComparison.Ordinal))
            .SelectMany(i => i[4..].Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            environment[pair[..equals]] = pair[(equals + 1)..];
        }

        var user = stage.LastOrDefault(i => i.StartsWith("USER ", StringComparison.Ordinal))?[5..].Trim();
        return new RuntimeImage(stage[0][5..].Split(' ')[0], user, environment, stage);
    }
}
