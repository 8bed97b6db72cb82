using System.CommandLine;
using RetroVue.Cli.Hosting;
using RetroVue.Web;

namespace RetroVue.Cli.Commands;

/// <summary>`retrovue serve`: the web host (IPTV endpoints, API, admin).</summary>
public static class ServeCommand
{
    public static Command Build()
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen (default http://0.0.0.0:8409).",
            DefaultValueFactory = _ => "http://0.0.0.0:8409",
        };
        var serve = new Command("serve", "Run the RetroVue server until Ctrl+C.") { urls };
        serve.SetAction((parseResult, cancellationToken) =>
            RetroVueWebHost.RunAsync(["--urls", parseResult.GetRequiredValue(urls)], parseResult.GetValue(GlobalOptions.DataDirectory), cancellationToken));
        return serve;
    }
}
