using Npgsql;

namespace SecureQueue.FunctionalTests.Deployment;

/// <summary>compose/ and its image, checked without a container engine: Debian's docker-compose validates and resolves the file.</summary>
public sealed class ComposeFileTests
{
    private static readonly string[] Gateways = ["gateway-a", "gateway-b"];

    [Fact]
    public async Task Config_Validates()
    {
        var (code, _, error) = await ComposeFile.RunAsync("config", "-q");
        Assert.True(code == 0, error);
    }

    [Fact]
    public async Task Services_PostgresMigrateAndTwoGateways()
    {
        var compose = await ComposeFile.LoadAsync();
        Assert.Equal(["gateway-a", "gateway-b", "migrate", "postgres"], compose.ServiceNames.Order(StringComparer.Ordinal));
        Assert.Equal("no", compose.Value("migrate", "restart"));
        Assert.Equal(["db", "migrate"], compose.Command("migrate").Take(2));
    }

    [Fact]
    public async Task Migrate_ConnectsAsTheOwnerAndGrantsTheGatewayRole()
    {
        var compose = await ComposeFile.LoadAsync();
        var command = compose.Command("migrate").ToList();
        var connection = new NpgsqlConnectionStringBuilder(command[command.IndexOf("--connection") + 1]);
        Assert.Equal("secq", connection.Username);
        Assert.Equal("secq_gateway", command[command.IndexOf("--gateway-role") + 1]);
        Assert.Equal(compose.Environment("postgres")["POSTGRES_USER"], connection.Username);
    }

    [Theory]
    [InlineData("gateway-a")]
    [InlineData("gateway-b")]
    public async Task Gateway_LeastPrivilegeRoleSecretsOnlyInFiles(string gateway)
    {
        var compose = await ComposeFile.LoadAsync();
        var environment = compose.Environment(gateway);
        var connection = new NpgsqlConnectionStringBuilder(environment["ConnectionStrings__SecureQueue"]);

        Assert.Equal("secq_gateway", connection.Username);
        Assert.Null(connection.Password);
        Assert.StartsWith("/run/secrets/", connection.Passfile, StringComparison.Ordinal);
        // Every *File setting names a secret, except the checkpoint file, which is state the gateway appends to.
        foreach (var (name, value) in environment.Where(e => e.Key.EndsWith("File", StringComparison.Ordinal) && e.Key != "SecureQueue__Audit__CheckpointFile"))
        {
            Assert.True(value.StartsWith("/run/secrets/", StringComparison.Ordinal), $"{name} is a secret and should be mounted from a file under /run/secrets, not '{value}'");
        }

        Assert.DoesNotContain(environment.Keys, k => k.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase) && !k.EndsWith("_FILE", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("migrate")]
    [InlineData("gateway-a")]
    [InlineData("gateway-b")]
    public async Task SecqServices_ReadOnlyRootAndHealthChecked(string service)
    {
        var compose = await ComposeFile.LoadAsync();
        Assert.Equal("true", compose.Value(service, "read_only"));
        Assert.Equal("compose/Dockerfile", compose.Nested(service, "build", "dockerfile"));
        if (Gateways.Contains(service))
        {
            Assert.NotNull(compose.Child(service, "healthcheck"));
            Assert.Equal("service_completed_successfully", compose.Nested(service, "depends_on", "migrate", "condition"));
        }
    }

    [Fact]
    public async Task Postgres_HealthCheckedAndMigrateWaitsForIt()
    {
        var compose = await ComposeFile.LoadAsync();
        Assert.NotNull(compose.Child("postgres", "healthcheck"));
        Assert.Equal("service_healthy", compose.Nested("migrate", "depends_on", "postgres", "condition"));
        Assert.StartsWith("/run/secrets/", compose.Environment("postgres")["POSTGRES_PASSWORD_FILE"], StringComparison.Ordinal);
    }

    [Fact]
    public void Image_RuntimeStageIsAspNetNonRootWithoutSourceOrSdk()
    {
        var image = RuntimeImage.Load();

        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", image.From, StringComparison.Ordinal);
        Assert.Equal("$APP_UID", image.User);
        var copies = image.Instructions.Where(i => i.StartsWith("COPY ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["COPY --from=build /app ./"], copies);
        Assert.DoesNotContain(image.Instructions, i => i.Contains("dotnet publish", StringComparison.Ordinal) || i.Contains("dotnet build", StringComparison.Ordinal));
        Assert.Equal("", image.Environment["ASPNETCORE_HTTP_PORTS"]);
    }
}
