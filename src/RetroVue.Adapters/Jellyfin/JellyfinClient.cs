using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using RetroVue.Adapters.Plex;
using RetroVue.Adapters.Sources;

namespace RetroVue.Adapters.Jellyfin;

/// <summary>What a listing asks for: items of some types under one library, optionally only those saved since a moment.</summary>
public sealed record JellyfinItemQuery(string LibraryId, string ItemTypes, DateTimeOffset? SavedSince = null);

/// <summary>
/// A typed client of one Jellyfin or Emby server. The API key travels only in a request header (see
/// <see cref="JellyfinFlavor.AuthHeaders"/>), never in a URL, a log line or an error. Transient failures are retried a
/// bounded number of times; 401/403 fail at once. Listings stream page by page, so memory holds one page.
/// </summary>
public sealed class JellyfinClient
{
    /// <summary>The item fields a sync needs; everything else the server would add is left out.</summary>
    public const string ListedFields = "Path,ProviderIds,MediaSources,MediaStreams,Genres,Tags,Studios,Overview,OfficialRating,DateCreated,DateLastSaved,PremiereDate,ProductionYear";

    private readonly HttpClient _http;
    private readonly JellyfinConnection _connection;
    private readonly JellyfinOptions _options;
    private readonly IReadOnlyDictionary<string, string> _authHeaders;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _timeProvider;

    public JellyfinClient(HttpClient http, JellyfinConnection connection, JellyfinOptions options, string deviceId, ILogger<JellyfinClient> logger, TimeProvider timeProvider)
    {
        _http = http;
        _connection = connection;
        _options = options;
        _logger = logger;
        _timeProvider = timeProvider;
        _authHeaders = connection.Flavor.AuthHeaders(connection.ApiKey, deviceId, typeof(JellyfinClient).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
        _pipeline = BuildPipeline();
    }

    public JellyfinConnection Connection => _connection;

    private string Server => $"{_connection.Flavor.DisplayName} at {_connection}";

    /// <summary>GET /System/Info/Public: the server's id, name and version. Proves the URL points at a Jellyfin or Emby server.</summary>
    public async Task<JellyfinSystemInfo> GetSystemInfoAsync(CancellationToken cancellationToken)
    {
        var info = await GetAsync("System/Info/Public", JellyfinJsonContext.Default.JellyfinSystemInfo, cancellationToken);
        if (string.IsNullOrWhiteSpace(info.Id))
        {
            throw new JellyfinProtocolException($"The server at {_connection} reported no server id: is it a {_connection.Flavor.DisplayName} server?");
        }

        return info;
    }

    /// <summary>GET /Library/VirtualFolders: every library with its id and content type (needs a valid key).</summary>
    public async Task<IReadOnlyList<JellyfinLibrary>> GetLibrariesAsync(CancellationToken cancellationToken) =>
        await GetAsync("Library/VirtualFolders", JellyfinJsonContext.Default.ListJellyfinLibrary, cancellationToken);

    /// <summary>GET /MediaSegments/{itemId}: the item's intro/outro/recap spans (Jellyfin 10.10+). One request per item: only for new or changed ones.</summary>
    public async Task<IReadOnlyList<JellyfinSegment>> GetMediaSegmentsAsync(string itemId, CancellationToken cancellationToken)
    {
        var page = await GetAsync("MediaSegments/" + Uri.EscapeDataString(itemId), JellyfinJsonContext.Default.JellyfinSegmentPage, cancellationToken);
        return page.Items ?? [];
    }

    /// <summary>The first <paramref name="count"/> items of a query and the total: one request, for a connection test only.</summary>
    public async Task<(IReadOnlyList<JellyfinItem> Items, int? Total)> SampleItemsAsync(JellyfinItemQuery query, int count, CancellationToken cancellationToken)
    {
        var page = await GetAsync(ListingUrl(query, 0, count), JellyfinJsonContext.Default.JellyfinItemPage, cancellationToken);
        return (page.Items ?? [], page.TotalRecordCount);
    }

    /// <summary>
    /// Every item the query matches, a page at a time. Advances by the items actually returned (a server may send fewer
    /// than asked), trusts TotalRecordCount, stops on an empty page and after <see cref="JellyfinOptions.MaxPages"/>
    /// pages, skips items listed twice, and throws <see cref="JellyfinException"/> when the listing cannot be proven
    /// complete: a partial listing must never pass for a complete one.
    /// </summary>
    public async IAsyncEnumerable<JellyfinItem> ListItemsAsync(JellyfinItemQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pageSize = _options.EffectivePageSize;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var distinct = 0;
        var duplicates = 0;
        var start = 0;
        int? expected = null;
        for (var pages = 0; ; pages++)
        {
            if (pages == _options.MaxPages)
            {
                throw new JellyfinProtocolException($"Listing library {query.LibraryId} of {Server} stopped after {pages} pages without reaching the end ({start} of {expected?.ToString(CultureInfo.InvariantCulture) ?? "?"} items).");
            }

            var page = await GetAsync(ListingUrl(query, start, pageSize), JellyfinJsonContext.Default.JellyfinItemPage, cancellationToken);
            var items = page.Items ?? [];
            if (expected is { } before && page.TotalRecordCount is { } now && now != before)
            {
                throw new JellyfinProtocolException($"Library {query.LibraryId} of {Server} changed during the listing ({before} items, then {now}); the listing is incomplete and is retried on the next sync.");
            }

            expected ??= page.TotalRecordCount;
            _logger.LogDebug("{Server}: {Count} {Types} at {Start} of {Total}", Server, items.Count, query.ItemTypes, start, expected);
            if (items.Count == 0)
            {
                if (expected is { } total && start < total)
                {
                    throw new JellyfinProtocolException($"{Server} returned an empty page at item {start} of {total} in library {query.LibraryId}; the listing is incomplete.");
                }

                break;
            }

            foreach (var item in items)
            {
                if (item.Id is { Length: > 0 } id && !seen.Add(id))
                {
                    duplicates++;
                    continue;
                }

                distinct++;
                yield return item;
            }

            start += items.Count;
            if (expected is { } all ? start >= all : items.Count < pageSize)
            {
                break;
            }
        }

        if (expected is { } reported && distinct < reported)
        {
            throw new JellyfinProtocolException($"Library {query.LibraryId} of {Server} listed {duplicates} item(s) twice and only {distinct} of {reported} distinct items; the listing is incomplete and is retried on the next sync.");
        }
    }

    /// <summary>
    /// GET an image path the catalog holds ("/Items/{id}/Images/Primary"), at most <paramref name="maxBytes"/>; null when the
    /// server no longer has it (404).
    /// </summary>
    public Task<ServerImage?> GetImageAsync(string imagePath, long maxBytes, CancellationToken cancellationToken)
    {
        var relativeUrl = imagePath.TrimStart('/');
        return ExecuteAsync("GET /" + relativeUrl, (what, token) => SendImageOnceAsync(relativeUrl, what, maxBytes, token), cancellationToken);
    }

    private async Task<ServerImage?> SendImageOnceAsync(string relativeUrl, string what, long maxBytes, CancellationToken cancellationToken)
    {
        using var request = NewRequest(relativeUrl, "image/*");
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        ThrowForStatus(response, what);
        return await ServerImage.ReadAsync(response, maxBytes, () => ImageTooLarge(what, maxBytes), cancellationToken);
    }

    private JellyfinProtocolException ImageTooLarge(string what, long maxBytes) =>
        new($"{Server} sent more than {maxBytes / (1024 * 1024)} MiB for {what}; an image that large is refused.");

    private HttpRequestMessage NewRequest(string relativeUrl, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_connection.BaseUri, relativeUrl));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        foreach (var (name, value) in _authHeaders)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    private string ListingUrl(JellyfinItemQuery query, int start, int limit)
    {
        var url = string.Create(
            CultureInfo.InvariantCulture,
            $"Items?ParentId={Uri.EscapeDataString(query.LibraryId)}&Recursive=true&IncludeItemTypes={query.ItemTypes}&Fields={_connection.Flavor.ListedFields}&SortBy=DateCreated,SortName&SortOrder=Ascending&EnableUserData=false&EnableTotalRecordCount=true&StartIndex={start}&Limit={limit}");
        if (query.SavedSince is { } since)
        {
            url += "&MinDateLastSaved=" + Uri.EscapeDataString(since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        }

        return url;
    }

    private Task<T> GetAsync<T>(string relativeUrl, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class =>
        ExecuteAsync("GET /" + relativeUrl.Split('?')[0], (what, token) => SendOnceAsync(relativeUrl, what, typeInfo, token), cancellationToken);

    private async Task<T> ExecuteAsync<T>(string what, Func<string, CancellationToken, Task<T>> sendOnce, CancellationToken cancellationToken)
    {
        var attempts = 0;
        try
        {
            return await _pipeline.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    return await sendOnce(what, token);
                },
                cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TimeoutRejectedException ex)
        {
            throw new JellyfinUnavailableException($"{Server} did not answer {what} within {_options.RequestTimeout.TotalSeconds:0.###} s ({Attempts(attempts)}).", ex);
        }
        catch (JellyfinTransientException ex)
        {
            throw new JellyfinUnavailableException($"{Server} kept failing {what}: {ex.Message} ({Attempts(attempts)}).");
        }
        catch (HttpRequestException ex) when (ex.InnerException is SourceAddressRefusedException refused)
        {
            throw new JellyfinUnavailableException($"{Server} was not contacted: {refused.Message}.", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new JellyfinUnavailableException($"{Server} could not be reached for {what}: {ex.Message} ({Attempts(attempts)}).", ex);
        }
        catch (IOException ex)
        {
            throw new JellyfinUnavailableException($"The connection to {Server} broke during {what}: {ex.Message} ({Attempts(attempts)}).", ex);
        }
    }

    private async Task<T> SendOnceAsync<T>(string relativeUrl, string what, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        using var request = NewRequest(relativeUrl, "application/json");
        var started = _timeProvider.GetTimestamp();
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        ThrowForStatus(response, what);
        if (response.Content.Headers.ContentLength > _options.MaxResponseBytes)
        {
            throw TooLarge(what);
        }

        await using var body = new BoundedReadStream(await response.Content.ReadAsStreamAsync(cancellationToken), _options.MaxResponseBytes, () => TooLarge(what));
        T? parsed;
        try
        {
            parsed = await JsonSerializer.DeserializeAsync(body, typeInfo, cancellationToken);
        }
        catch (JsonException ex)
        {
            // Only what failed, never what the server sent: a URL pointed at something else must not read it back.
            throw new JellyfinProtocolException($"{Server} sent something that is not the JSON of {what}: not a {_connection.Flavor.DisplayName} server, or the URL points at another service.", ex);
        }

        _logger.LogDebug("{Server} {Request} -> {Status} in {Elapsed} ms", Server, relativeUrl.Split('?')[0], (int)response.StatusCode, (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds);
        return parsed ?? throw new JellyfinProtocolException($"{Server} answered {what} with null.");
    }

    private void ThrowForStatus(HttpResponseMessage response, string what)
    {
        var status = response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var code = ((int)status).ToString(CultureInfo.InvariantCulture);
        switch (status)
        {
            case HttpStatusCode.Unauthorized:
                throw new JellyfinAuthenticationException($"{_connection.Flavor.DisplayName} rejected the API key (401): wrong API key for {_connection}, or it was revoked; set the right one for this source.");
            case HttpStatusCode.Forbidden:
                throw new JellyfinAuthenticationException($"{_connection.Flavor.DisplayName} rejected the API key (403): it has no access to {what} on {_connection}.");
            case HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests:
            case >= HttpStatusCode.InternalServerError:
                throw new JellyfinTransientException(code);
            case >= HttpStatusCode.MultipleChoices and < HttpStatusCode.BadRequest:
                throw new JellyfinProtocolException($"{Server} answered {code} to {what}, a redirect; RetroVue does not follow redirects, so the key goes nowhere else. Give the address the redirect leads to, if it is yours.");
            case HttpStatusCode.NotFound:
                throw new JellyfinNotFoundException($"{Server} has no {what} (404): is the URL that of a {_connection.Flavor.DisplayName} server (with its base path, if it has one)?");
            default:
                throw new JellyfinProtocolException($"{Server} answered {code} to {what}.");
        }
    }

    private JellyfinProtocolException TooLarge(string what) =>
        new($"{Server} sent more than {_options.MaxResponseBytes / (1024 * 1024)} MiB for {what}; refused to protect memory.");

    private static string Attempts(int attempts) => attempts == 1 ? "1 attempt" : $"{attempts} attempts";

    private ResiliencePipeline BuildPipeline()
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = _timeProvider };
        if (_options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<JellyfinTransientException>()
                    .Handle<TimeoutRejectedException>()
                    .Handle<HttpRequestException>(ex => ex.InnerException is not SourceAddressRefusedException)
                    .Handle<IOException>(),
                MaxRetryAttempts = _options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryBaseDelay,
                OnRetry = args =>
                {
                    _logger.LogWarning(
                        "{Server} failed ({Reason}); retry {Attempt} of {MaxRetries}",
                        Server,
                        App.Common.SecretRedactor.Redact(args.Outcome.Exception?.Message ?? "unknown"),
                        args.AttemptNumber + 1,
                        _options.MaxRetries);
                    return default;
                },
            });
        }

        return builder.AddTimeout(_options.RequestTimeout).Build();
    }
}
