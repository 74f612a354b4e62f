using Microsoft.Extensions.Hosting;

namespace SecureQueue.Gateway.Keys;

/// <summary>
/// Re-reads the keyring every minute, so after <c>secq keys rotate</c> every gateway wraps new data keys with the
/// new version; <c>secq keys prune</c> relies on that before it drops a version no data key needs.
/// </summary>
public sealed class KeyReloadService(KeySource source, TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            source.Reload();
        }
    }
}
