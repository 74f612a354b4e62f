using Microsoft.Extensions.Hosting;
using SecureQueue.Crypto.Envelopes;
using SecureQueue.Crypto.Keys;
using SecureQueue.Log.Keys;

namespace SecureQueue.Gateway.Keys;

/// <summary>
/// Before the gateway accepts a call, the configured key-encryption keys must open the data keys already stored
/// (one per keyring and version). A wrong or missing KEK stops start-up instead of failing every receive later.
/// </summary>
public sealed class KeyCheckService(DataKeyDirectory directory, KeySource keys) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var stored in await directory.NewestPerKekVersionAsync(cancellationToken))
        {
            try
            {
                using var key = KeyWrap.Unwrap(WrappedDataKey.FromBytes(stored.Wrapped), keys.Current.Get(stored.Keyring));
            }
            catch (Exception exception) when (exception is EnvelopeException or KeyVersionNotFoundException or KmsKeyNotFoundException)
            {
                throw new InvalidOperationException(
                    $"The configured key-encryption key does not open the stored data keys of keyring '{stored.Keyring}' version {stored.KekVersion}: " +
                    "check SecureQueue:MasterKeyFile, SecureQueue:KeyringFile or SecureQueue:Keyring.", exception);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
