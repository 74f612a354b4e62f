using System.Globalization;
using Npgsql;
using SecureQueue.FunctionalTests.Cli;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Deployment;

/// <summary>
/// A PostgreSQL primary and a synchronous streaming standby on this machine (initdb, then pg_basebackup), as the README's
/// "High availability" section sets them up: every commit the primary acknowledges is on the standby too. PostgreSQL
/// refuses to run as root, so when the tests run as root the clusters belong to the postgres user.
/// </summary>
internal sealed class StandbyPair : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private const string StandbyName = "standby";
    private readonly string root;

    private StandbyPair(string root)
    {
        this.root = root;
        PrimaryPort = TestPorts.Next();
        StandbyPort = TestPorts.Next();
    }

    public int PrimaryPort { get; }

    public int StandbyPort { get; }

    private string Primary => Path.Combine(root, "primary");

    private string Standby => Path.Combine(root, "standby");

    /// <summary>The owner's connection to whichever server is the primary now.</summary>
    public string OwnerConnection(string database) => $"Host=127.0.0.1:{PrimaryPort},127.0.0.1:{StandbyPort};Database={database};Username=postgres;Target Session Attributes=read-write";

    public static async Task<StandbyPair> StartAsync()
    {
        var pair = new StandbyPair(Directory.CreateTempSubdirectory("secq-ha-").FullName);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "postgres:postgres", pair.root);
        }

        await PostgresAsync("initdb", "-D", pair.Primary, "--auth=trust", "--username=postgres", "--no-instructions");
        await File.AppendAllTextAsync(Path.Combine(pair.Primary, "postgresql.conf"), $"""

            port = {pair.PrimaryPort}
            listen_addresses = '127.0.0.1'
            unix_socket_directories = '{pair.root}'
            wal_level = replica
            max_wal_senders = 4
            synchronous_commit = on
            synchronous_standby_names = '{StandbyName}'

            """);
        await PostgresAsync("pg_ctl", "-D", pair.Primary, "-l", Path.Combine(pair.root, "primary.log"), "-w", "start");
        var conninfo = $"host=127.0.0.1 port={pair.PrimaryPort} user=postgres application_name={StandbyName}";
        await PostgresAsync("pg_basebackup", "-D", pair.Standby, "-R", "-X", "stream", "-d", conninfo);
        // The copy's settings are the primary's. Once promoted it has no standby of its own, and with the primary's
        // synchronous_standby_names every commit would wait for one forever; it runs alone until a new standby is
        // built from it (Patroni's non-strict synchronous mode does the same).
        await File.AppendAllTextAsync(Path.Combine(pair.Standby, "postgresql.auto.conf"), $"""

            port = {pair.StandbyPort}
            primary_conninfo = '{conninfo}'
            synchronous_standby_names = ''

            """);
        await PostgresAsync("pg_ctl", "-D", pair.Standby, "-l", Path.Combine(pair.root, "standby.log"), "-w", "start");
        await pair.WaitSynchronousAsync();
        return pair;
    }

    /// <summary>pg_ctl promote: the standby leaves recovery and takes writes (what Patroni does when the primary's lease lapses).</summary>
    public Task PromoteStandbyAsync() => PostgresAsync("pg_ctl", "-D", Standby, "-w", "promote");

    /// <summary>The old primary stops at once, as a crash would stop it: no checkpoint, no goodbye to its clients.</summary>
    public Task StopPrimaryAsync() => PostgresAsync("pg_ctl", "-D", Primary, "-m", "immediate", "-w", "stop");

    /// <summary>Starts the stopped primary again (before any promotion), as an operator restarting a crashed server would.</summary>
    public Task StartPrimaryAsync() => PostgresAsync("pg_ctl", "-D", Primary, "-l", Path.Combine(root, "primary.log"), "-w", "start");

    public async ValueTask DisposeAsync()
    {
        foreach (var data in new[] { Standby, Primary }.Where(d => File.Exists(Path.Combine(d, "postmaster.pid"))))
        {
            await PostgresAsync("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop");
        }

        Directory.Delete(root, recursive: true);
    }

    private async Task WaitSynchronousAsync()
    {
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={PrimaryPort};Username=postgres;Database=postgres");
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var command = new NpgsqlCommand("select sync_state from pg_stat_replication where application_name = $1", connection)
            {
                Parameters = { new() { Value = StandbyName } },
            };
            if (await command.ExecuteScalarAsync() is "sync")
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the standby did not become synchronous within 30 s");
            await Task.Delay(100);
        }
    }

    private static Task PostgresAsync(string program, params string[] arguments) => Environment.UserName == "root"
        ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(Bin, program), .. arguments])
        : RunAsync(Path.Combine(Bin, program), arguments);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var (code, output, error) = await ChildProcess.RunAsync(program, arguments);
        Assert.True(code == 0, string.Create(CultureInfo.InvariantCulture, $"{program} {string.Join(' ', arguments)} exited {code}: {output}{error}"));
    }
}
