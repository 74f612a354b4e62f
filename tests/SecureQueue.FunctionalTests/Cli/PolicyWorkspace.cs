using SecureQueue.Cli.Commands;

namespace SecureQueue.FunctionalTests.Cli;

/// <summary>A temporary policies tree for one test, and a way to run <c>secq policy</c> against it in-process.</summary>
internal sealed class PolicyWorkspace : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("secq-policies-").FullName;

    /// <summary>The repository's own policies/ directory, which CI checks with the same commands.</summary>
    public static string RepositoryPolicies
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(directory.FullName, "SecureQueue.sln")))
                {
                    return System.IO.Path.Combine(directory.FullName, "policies");
                }
            }

            throw new InvalidOperationException("SecureQueue.sln not found above the test binaries.");
        }
    }

    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public string Write(string relative, string content)
    {
        var path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PolicyCommand.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
