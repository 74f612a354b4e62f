using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using SecureQueue.Gateway.Authentication.Jwt;

namespace SecureQueue.Gateway.Tests.Authentication.Jwt;

public sealed class JwtRegistrationTests
{
    /// <summary>
    /// A default scheme would make the authentication middleware run JwtBearer on every request, SigV4 and certificate
    /// calls included; the gateway runs it by name, on bearer calls only.
    /// </summary>
    [Fact]
    public async Task Register_TheOnlyScheme_IsNotTheDefault()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        JwtAuthenticator.Register(services, new JwtKeySource(JwtIssuers.Load([], Path.GetTempPath())));
        await using var provider = services.BuildServiceProvider();
        var schemes = provider.GetRequiredService<IAuthenticationSchemeProvider>();

        Assert.Equal([JwtAuthenticator.Scheme], (await schemes.GetAllSchemesAsync()).Select(s => s.Name));
        Assert.Null(await schemes.GetDefaultAuthenticateSchemeAsync());
        Assert.Null(await schemes.GetDefaultChallengeSchemeAsync());
    }
}
