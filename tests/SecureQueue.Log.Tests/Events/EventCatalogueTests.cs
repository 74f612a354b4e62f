using System.Text.RegularExpressions;
using SecureQueue.Log.Events;

namespace SecureQueue.Log.Tests.Events;

public sealed partial class EventCatalogueTests
{
    [Fact]
    public void Names_AreUnique_AndPlain()
    {
        var names = EventTypes.All.Select(t => t.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(names, name => Assert.Matches("^[A-Z][A-Za-z]+$", name));
        Assert.All(EventTypes.All, type => Assert.EndsWith(".", type.Records));
    }

    [Fact]
    public void ReadmeTable_ListsEveryType_WithItsMeaning()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "SecureQueue.Log", "Events", "README.md"));
        var rows = TableRow().Matches(readme).Select(m => (m.Groups[1].Value, m.Groups[2].Value.Trim())).ToList();

        Assert.Equal(EventTypes.All.Select(t => (t.Name, t.Records)), rows);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SecureQueue.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("SecureQueue.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^\| `(\w+)` \| (.+) \|$", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
