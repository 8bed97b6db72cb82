using System.Diagnostics;
using RetroVue.Adapters.Processes;

namespace RetroVue.Tests.Support;

/// <summary>
/// Runs a child process in a network namespace of its own (util-linux unshare/nsenter, iproute2 ip), with only a
/// loopback interface: fixed ports such as the HDHomeRun discovery port UDP 65001 are free there whatever runs on the
/// machine. Unprivileged runs make a user namespace too (mapping the caller to root inside it, which the kernel must
/// allow); the embedded test PostgreSQL listens on a Unix socket, which a file path reaches from any network namespace.
/// </summary>
public static class PrivateNetwork
{
    private static readonly Lazy<Task<string?>> Unavailable = new(ProbeAsync);

    /// <summary>Null when private namespaces work here; otherwise why they do not.</summary>
    public static Task<string?> WhyUnavailableAsync() => Unavailable.Value;

    /// <summary>Makes <paramref name="startInfo"/> start its program in a new network namespace, loopback up.</summary>
    public static void Wrap(ProcessStartInfo startInfo)
    {
        var program = startInfo.FileName;
        var arguments = startInfo.ArgumentList.ToList();
        startInfo.FileName = "unshare";
        startInfo.ArgumentList.Clear();
        foreach (var argument in UnshareArguments().Concat(["--", "sh", "-c", "ip link set lo up && exec \"$0\" \"$@\"", program]).Concat(arguments))
        {
            startInfo.ArgumentList.Add(argument);
        }
    }

    /// <summary>Runs <paramref name="program"/> inside the network namespace of the process <paramref name="processId"/>.</summary>
    public static Task<ProcessResult> RunInsideAsync(int processId, string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        string[] enter = Environment.IsPrivilegedProcess
            ? ["--target", processId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--net"]
            : ["--target", processId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--user", "--net", "--preserve-credentials"];
        return ProcessRunner.RunAsync("nsenter", enter.Concat(["--", program]).Concat(arguments), timeout);
    }

    private static string[] UnshareArguments() => Environment.IsPrivilegedProcess ? ["--net"] : ["--user", "--map-root-user", "--net"];

    private static async Task<string?> ProbeAsync()
    {
        try
        {
            var probe = await ProcessRunner.RunAsync("unshare", UnshareArguments().Concat(["--", "sh", "-c", "ip link set lo up"]), TimeSpan.FromSeconds(30));
            return probe.Succeeded ? null : $"unshare failed: {probe.StandardError.Trim()}";
        }
        catch (FileNotFoundException e)
        {
            return e.Message;
        }
    }
}
