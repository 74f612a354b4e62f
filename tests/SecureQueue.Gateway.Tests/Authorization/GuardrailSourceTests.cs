using SecureQueue.Gateway.Authorization;

namespace SecureQueue.Gateway.Tests.Authorization;

/// <summary>Reloads of a real guardrails directory: the names added, removed and changed, and what stays when a file is broken.</summary>
public sealed class GuardrailSourceTests : IDisposable
{
    private const string Deny = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sqs:DeleteQueue","Resource":"*"}]}""";
    private readonly string directory = Directory.CreateTempSubdirectory("secq-guardrails-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Reload_FilesAddedChangedRemoved_NamedAndInForce()
    {
        Write("keep.json", Deny);
        Write("edit.json", Deny);
        Write("drop.json", Deny);
        var source = Start();

        Write("edit.json", Deny.Replace("DeleteQueue", "PurgeQueue", StringComparison.Ordinal));
        File.Delete(Path.Combine(directory, "drop.json"));
        Write("nested/new.json", Deny);
        var reload = source.Reload();

        Assert.Equal(["guardrails/nested/new.json"], reload.Added);
        Assert.Equal(["guardrails/drop.json"], reload.Removed);
        Assert.Equal(["guardrails/edit.json"], reload.Modified);
        Assert.Equal(3, source.Current.Documents.Count);
        Assert.False(source.Reload().Changed);
    }

    [Fact]
    public void Reload_BrokenFile_KeepsThoseInForce_ReportsTheFailureOnce()
    {
        Write("keep.json", Deny);
        var source = Start();
        var before = source.Current;

        Write("broken.json", "{");
        var first = source.Reload();
        var second = source.Reload();

        Assert.Contains("guardrail 'broken.json' is invalid", first.Failure, StringComparison.Ordinal);
        Assert.False(first.Repeated);
        Assert.True(second.Repeated);
        Assert.Same(before, source.Current);
    }

    [Fact]
    public void Reload_WithoutLoader_NeverChanges()
    {
        var fixedSource = new GuardrailSource(new Guardrails([]));

        Assert.False(fixedSource.Reload().Changed);
        Assert.Null(fixedSource.Reload().Failure);
    }

    private GuardrailSource Start() => new(Guardrails.Load(directory, directory), () => Guardrails.Load(directory, directory));

    private void Write(string name, string text)
    {
        var path = Path.Combine(directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
