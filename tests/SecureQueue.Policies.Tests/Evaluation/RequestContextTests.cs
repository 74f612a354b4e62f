using SecureQueue.Policies.Evaluation;
using static SecureQueue.Policies.Tests.TestPolicies;

namespace SecureQueue.Policies.Tests.Evaluation;

public sealed class RequestContextTests
{
    [Fact]
    public void TryGetValues_KeyInAnyCase_FindsValues()
    {
        var context = Context("aws:SourceIp", "192.0.2.1");

        Assert.True(context.TryGetValues("AWS:SOURCEIP", out var values));
        Assert.Equal(["192.0.2.1"], values);
    }

    [Fact]
    public void TryGetValues_MissingOrEmptyKey_ReturnsFalse()
    {
        var context = Context("aws:TagKeys");

        Assert.False(context.TryGetValues("aws:TagKeys", out var values));
        Assert.Empty(values);
        Assert.False(RequestContext.Empty.TryGetValues("aws:username", out _));
    }

    [Fact]
    public void Constructor_KeysDifferingOnlyByCase_Throws()
    {
        Assert.Throws<ArgumentException>(() => Context(("aws:username", ["a"]), ("AWS:UserName", ["b"])));
    }

    [Fact]
    public void With_ExistingKeyInOtherCase_ReplacesValueAndLeavesOriginalUnchanged()
    {
        var original = Context("aws:username", "alice");

        var changed = original.With("AWS:USERNAME", "bob");

        Assert.True(changed.TryGetValues("aws:username", out var values));
        Assert.Equal(["bob"], values);
        Assert.Single(changed.Keys);
        Assert.True(original.TryGetValues("aws:username", out var originalValues));
        Assert.Equal(["alice"], originalValues);
    }

    [Fact]
    public void Constructor_CopiesValues_SoLaterChangesToCallerArraysDoNotLeakIn()
    {
        var values = new[] { "alice" };
        var context = new RequestContext([new("aws:username", values)]);

        values[0] = "mallory";

        Assert.True(context.TryGetValues("aws:username", out var stored));
        Assert.Equal(["alice"], stored);
    }

    [Fact]
    public void Constructor_NullValue_Throws()
    {
        Assert.Throws<ArgumentException>(() => new RequestContext([new("aws:username", new string[] { null! })]));
    }
}
