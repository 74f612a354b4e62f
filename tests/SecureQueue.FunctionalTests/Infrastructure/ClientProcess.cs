namespace SecureQueue.FunctionalTests.Infrastructure;

/// <summary>Where the real-client scripts live (tests/clients in the repository).</summary>
public static class ClientProcess
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string ClientsDirectory => Path.Combine(RepositoryRoot, "tests", "clients");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SecureQueue.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("SecureQueue.sln not found above the test binaries.");
    }
}
