using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using RetroVue.Adapters.Processes;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Cli;

/// <summary>`retrovue serve` runs the web host; /healthz tells whether the database and ffmpeg are there.</summary>
public sealed class ServeTests
{
    [Fact]
    public async Task Without_ffmpeg_serve_says_so_at_startup_and_healthz_is_unhealthy()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var port = FreePort();
        var startInfo = ServeStartInfo(database, port);
        startInfo.Environment["RETROVUE_Ffmpeg__FfmpegPath"] = "/nonexistent/ffmpeg";

        using var server = Process.Start(startInfo)!;
        var output = server.StandardOutput.ReadToEndAsync();
        var errors = server.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var response = await PollAsync(http, $"http://127.0.0.1:{port}/healthz", server, errors);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var ffmpeg = json.RootElement.GetProperty("checks").GetProperty("ffmpeg");
            Assert.Equal("unhealthy", ffmpeg.GetProperty("status").GetString());
            Assert.Contains("/nonexistent/ffmpeg", ffmpeg.GetProperty("description").GetString());
        }
        finally
        {
            ProcessRunner.KillTree(server);
            await server.WaitForExitAsync();
            await Task.WhenAll(output, errors);
        }

        Assert.Contains("/nonexistent/ffmpeg", await errors);
        Assert.Contains("cannot stream", await errors);
    }

    /// <summary>`retrovue serve` on 127.0.0.1 over a test database, in a fresh data folder, without network discovery.</summary>
    internal static ProcessStartInfo ServeStartInfo(string database, int port)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "retrovue.dll"));
        startInfo.ArgumentList.Add("serve");
        startInfo.ArgumentList.Add("--urls");
        startInfo.ArgumentList.Add($"http://127.0.0.1:{port}");
        startInfo.Environment["RETROVUE_DB"] = database;
        startInfo.Environment["RETROVUE_DATA_DIR"] = Directory.CreateTempSubdirectory("rv-serve-").FullName;
        startInfo.Environment["RETROVUE_Tuner__SsdpEnabled"] = "false";
        startInfo.Environment["RETROVUE_Tuner__HdHomeRunDiscoveryEnabled"] = "false";
        return startInfo;
    }

    [Fact]
    public async Task Serve_answers_healthz_with_database_and_ffmpeg_checks()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var port = FreePort();
        var startInfo = ServeStartInfo(database, port);

        using var server = Process.Start(startInfo)!;
        var output = server.StandardOutput.ReadToEndAsync();
        var errors = server.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var response = await PollAsync(http, $"http://127.0.0.1:{port}/healthz", server, errors);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("healthy", json.RootElement.GetProperty("status").GetString());
            Assert.Equal("healthy", json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
            Assert.Equal("healthy", json.RootElement.GetProperty("checks").GetProperty("ffmpeg").GetProperty("status").GetString());
        }
        finally
        {
            ProcessRunner.KillTree(server);
            await server.WaitForExitAsync();
            await Task.WhenAll(output, errors);
        }
    }

    private static async Task<HttpResponseMessage> PollAsync(HttpClient http, string url, Process server, Task<string> errors)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"retrovue serve exited with {server.ExitCode}: {await errors}");
            }

            try
            {
                return await http.GetAsync(url);
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(90))
            {
                await Task.Delay(200);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
