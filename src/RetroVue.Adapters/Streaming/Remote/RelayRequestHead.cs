using System.Text;

namespace RetroVue.Adapters.Streaming.Remote;

/// <summary>The request line and the one header the relay forwards (Range), read from a loopback connection.</summary>
internal sealed record RelayRequestHead(string Method, string Target, string? Range)
{
    public const int MaxBytes = 16 * 1024;

    /// <summary>Reads up to the blank line that ends the head; null when the client closed early or sent something else than HTTP.</summary>
    public static async Task<RelayRequestHead?> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxBytes];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                return null;
            }

            var searchFrom = Math.Max(0, filled - 3);
            filled += read;
            var end = buffer.AsSpan(searchFrom, filled - searchFrom).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return Parse(Encoding.Latin1.GetString(buffer, 0, searchFrom + end));
            }
        }

        return null;
    }

    private static RelayRequestHead? Parse(string head)
    {
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            return null;
        }

        string? range = null;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals("Range", StringComparison.OrdinalIgnoreCase))
            {
                range = line[(colon + 1)..].Trim();
            }
        }

        return new RelayRequestHead(requestLine[0], requestLine[1], range);
    }
}
