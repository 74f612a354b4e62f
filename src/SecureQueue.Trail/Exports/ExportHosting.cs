using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace SecureQueue.Trail.Exports;

public static class ExportHosting
{
    /// <summary>
    /// Registers the continuous export when <c>SecureQueue:Audit:Export:Directory</c> is set; after
    /// <c>AddSecureQueue</c>, whose data source, checkpoint key and account it uses. Hosted services stop in reverse
    /// order, so a pass ends before the log it reads stops.
    /// </summary>
    public static WebApplicationBuilder AddAuditExport(this WebApplicationBuilder builder)
    {
        if (ExportSettings.Load(builder.Configuration, builder.Environment.ContentRootPath) is { } settings)
        {
            builder.Services.AddSingleton(settings);
            builder.Services.AddSingleton<ExportService>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<ExportService>());
        }

        return builder;
    }
}
