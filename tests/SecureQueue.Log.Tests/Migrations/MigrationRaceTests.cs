using Npgsql;
using SecureQueue.Log.Migrations;

namespace SecureQueue.Log.Tests.Migrations;

/// <summary>Role names are cluster-wide: migrations of several databases at once may all create the same role.</summary>
public sealed class MigrationRaceTests
{
    [Fact]
    public async Task ApplyAsync_SameNewRoleOnFourDatabasesAtOnce_AllSucceedAndOneCreates()
    {
        var databases = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => TestDatabase.CreateAsync(migrate: false)));
        var role = databases[0].Name + "_shared";
        try
        {
            var results = await Task.WhenAll(databases.Select(async database =>
            {
                await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
                return await MigrationRunner.ApplyAsync(dataSource, role, CancellationToken.None);
            }));

            Assert.All(results, r => Assert.Equal(MigrationRunner.Versions, r.Applied));
            Assert.InRange(results.Count(r => r.RoleCreated), 1, 4);
            foreach (var database in databases)
            {
                Assert.True(await database.ScalarAsync<bool>($"select has_table_privilege('{role}', 'mt_events', 'INSERT')"));
            }
        }
        finally
        {
            foreach (var database in databases)
            {
                await database.DisposeAsync();
            }

            await TestDatabase.ExecuteAsync(TestDatabase.AdminConnectionString(), $"drop role if exists {role}");
        }
    }
}
