using System.Diagnostics;

namespace SecureQueue.FunctionalTests.Infrastructure;

/// <summary>Polls for what a gateway does in the background (a reload, a sweep), failing the test past a deadline.</summary>
public static class Eventually
{
    public static async Task HoldsAsync(Func<Task<bool>> condition, string failure, TimeSpan? deadline = null)
    {
        var limit = deadline ?? TimeSpan.FromSeconds(20);
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < limit, $"{failure} (waited {limit.TotalSeconds} s)");
            await Task.Delay(100);
        }
    }
}
