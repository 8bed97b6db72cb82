using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using RetroVue.Adapters.Sources;

namespace RetroVue.Adapters.Plex;

/// <summary>
/// A typed client of one Plex Media Server. The token travels only in the X-Plex-Token header, so it never
/// appears in a URL, a log line or an error. Transient failures (5xx, timeouts, refused connections) are
/// retried a bounded number of times with exponential backoff; 401/403 fail at once.
/// Listings stream page by page: memory holds one page, whatever the size of the library.
/// </summary>
public sealed class PlexClient
{
    private readonly HttpClient _http;
    private readonly PlexConnection _connection;
    private readonly PlexOptions _options;
    private readonly string _clientIdentifier;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly ResiliencePipeline _pipeline;

    public PlexClient(HttpClient http, PlexConnection connection, PlexOptions options, string clientIdentifier, ILogger<PlexClient> logger, TimeProvider timeProvider)
    {
        _http = http;
        _connection = connection;
        _options = options;
        _clientIdentifier = clientIdentifier;
        _logger = logger;
        _timeProvider = timeProvider;
        _pipeline = BuildPipeline();
    }

    public PlexConnection Connection => _connection;

    /// <summary>GET /identity: the server's machine id and version (answers without a valid token).</summary>
    public async Task<PlexIdentity> GetIdentityAsync(CancellationToken cancellationToken)
    {
        var identity = await GetAsync("identity", PlexJsonContext.Default.PlexResponsePlexIdentity, cancellationToken);
        if (string.IsNullOrWhiteSpace(identity.MachineIdentifier))
        {
            throw new PlexProtocolException($"The server at {_connection} did not report a machine identifier: is it a Plex Media Server?");
        }

        return identity;
    }

    /// <summary>GET /library/sections: every library of the server (proves the token).</summary>
    public async Task<IReadOnlyList<PlexSection>> GetSectionsAsync(CancellationToken cancellationToken)
    {
        var list = await GetAsync("library/sections", PlexJsonContext.Default.PlexResponsePlexSectionList, cancellationToken);
        return list.Directory ?? [];
    }

    /// <summary>GET /library/metadata/{ratingKey}: one item with all its details. For the rare item a listing lacks something for; never call it per item.</summary>
    public async Task<PlexMetadata?> GetMetadataAsync(string ratingKey, CancellationToken cancellationToken)
    {
        var page = await GetAsync("library/metadata/" + Uri.EscapeDataString(ratingKey), PlexJsonContext.Default.PlexResponsePlexMetadataPage, cancellationToken);
        return page.Metadata is [var first, ..] ? first : null;
    }

    /// <summary>
    /// GET /library/metadata/{ratingKey}?includeChapters=1&amp;includeMarkers=1: the item with its chapters and its
    /// intro/credits markers. One request per item, so the importer asks only for new or changed items whose listing
    /// says they have chapters.
    /// </summary>
    public async Task<PlexMetadata?> GetChaptersAsync(string ratingKey, CancellationToken cancellationToken)
    {
        var page = await GetAsync(
            $"library/metadata/{Uri.EscapeDataString(ratingKey)}?includeChapters=1&includeMarkers=1",
            PlexJsonContext.Default.PlexResponsePlexMetadataPage,
            cancellationToken);
        return page.Metadata is [var first, ..] ? first : null;
    }

    /// <summary>
    /// The first <paramref name="count"/> items of one type in a section and how many there are in all: one request,
    /// for a connection test, never for a sync (which pages through <see cref="ListItemsAsync"/>).
    /// </summary>
    public async Task<(IReadOnlyList<PlexMetadata> Items, int? TotalSize)> SampleItemsAsync(string sectionKey, PlexItemType type, int count, CancellationToken cancellationToken)
    {
        var page = await GetAsync(
            $"library/sections/{Uri.EscapeDataString(sectionKey)}/all?type={(int)type}&X-Plex-Container-Start=0&X-Plex-Container-Size={Math.Max(0, count)}",
            PlexJsonContext.Default.PlexResponsePlexMetadataPage,
            cancellationToken);
        var items = (page.Metadata ?? []).Take(Math.Max(0, count)).ToList();
        foreach (var item in items)
        {
            HoistSharedFields(page, item);
        }

        return (items, page.TotalSize);
    }

    /// <summary>
    /// Every item of one type in a section, with external ids, one large page at a time. Safe paging: advances by
    /// the items actually returned, trusts totalSize, stops on an empty page, caps the number of pages, skips
    /// items listed twice, and throws <see cref="PlexException"/> when any page fails or the listing cannot be
    /// proven complete: a partial listing must never pass for a complete one.
    /// </summary>
    public async IAsyncEnumerable<PlexMetadata> ListItemsAsync(
        string sectionKey,
        PlexItemType type,
        PlexListFilter? filter = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pageSize = _options.EffectivePageSize;
        var basePath = $"library/sections/{Uri.EscapeDataString(sectionKey)}/all?type={(int)type}&includeGuids=1";
        if (filter is not null)
        {
            basePath += "&" + filter.ToQuery();
        }

        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        var distinct = 0;
        var duplicates = 0;
        var start = 0;
        var pages = 0;
        int? expected = null;
        while (true)
        {
            if (pages == _options.MaxPages)
            {
                throw new PlexProtocolException($"Listing section {sectionKey} of {_connection} stopped after {pages} pages without reaching the end ({start} of {expected?.ToString() ?? "?"} items).");
            }

            pages++;
            var page = await GetAsync(
                $"{basePath}&X-Plex-Container-Start={start}&X-Plex-Container-Size={pageSize}",
                PlexJsonContext.Default.PlexResponsePlexMetadataPage,
                cancellationToken);
            var items = page.Metadata ?? [];
            if (expected is { } before && page.TotalSize is { } now && now != before)
            {
                throw new PlexProtocolException($"Section {sectionKey} of {_connection} changed during the listing ({before} items, then {now}); the listing is incomplete and is retried on the next sync.");
            }

            expected ??= page.TotalSize;
            _logger.LogDebug("Plex section {Section}: {Count} items at {Start} of {Total}", sectionKey, items.Count, start, expected);
            if (items.Count == 0)
            {
                if (expected is { } total && start < total)
                {
                    throw new PlexProtocolException($"Plex at {_connection} returned an empty page at item {start} of {total} in section {sectionKey}; the listing is incomplete.");
                }

                break;
            }

            foreach (var item in items)
            {
                HoistSharedFields(page, item);
                if (item.RatingKey is { Length: > 0 } key && !seenKeys.Add(key))
                {
                    duplicates++;
                    continue;
                }

                distinct++;
                yield return item;
            }

            start += items.Count;
            var finished = expected is { } all ? start >= all : items.Count < pageSize;
            if (finished)
            {
                break;
            }
        }

        // Items listed twice mean the server's order shifted between pages, so others may have been skipped.
        if (expected is { } reported && distinct < reported)
        {
            throw new PlexProtocolException($"Section {sectionKey} of {_connection} listed {duplicates} item(s) twice and only {distinct} of {reported} distinct items; the listing is incomplete and is retried on the next sync.");
        }
    }

    private static void HoistSharedFields(PlexMetadataPage page, PlexMetadata item)
    {
        item.LibrarySectionId ??= page.LibrarySectionId;
        item.GrandparentRatingKey ??= page.GrandparentRatingKey;
        item.GrandparentTitle ??= page.GrandparentTitle;
        item.ParentRatingKey ??= page.ParentRatingKey;
        item.ParentIndex ??= page.ParentIndex;
        item.GrandparentThumb ??= page.GrandparentThumb;
    }

    /// <summary>
    /// GET {imagePath} (a poster or still path from a listing): the image as Plex stores it, read whole but never beyond
    /// <paramref name="maxBytes"/>; null when Plex no longer has it (404). Same token header, retries and timeouts as every
    /// other request.
    /// </summary>
    public Task<ServerImage?> GetImageAsync(string imagePath, long maxBytes, CancellationToken cancellationToken)
    {
        var relativeUrl = imagePath.TrimStart('/');
        return ExecuteAsync("GET /" + relativeUrl, (what, token) => SendImageOnceAsync(relativeUrl, what, maxBytes, token), cancellationToken);
    }

    private Task<T> GetAsync<T>(string relativeUrl, JsonTypeInfo<PlexResponse<T>> typeInfo, CancellationToken cancellationToken)
        where T : class =>
        ExecuteAsync("GET /" + relativeUrl, (what, token) => SendOnceAsync(relativeUrl, what, typeInfo, token), cancellationToken);

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
            throw new PlexUnavailableException($"Plex at {_connection} did not answer {what} within {_options.RequestTimeout.TotalSeconds:0.###} s ({Attempts(attempts)}).", ex);
        }
        catch (PlexTransientException ex)
        {
            throw new PlexUnavailableException($"Plex at {_connection} kept failing {what}: {ex.Message} ({Attempts(attempts)}).");
        }
        catch (HttpRequestException ex) when (ex.InnerException is SourceAddressRefusedException refused)
        {
            throw new PlexUnavailableException($"Plex at {_connection} was not contacted: {refused.Message}.", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new PlexUnavailableException($"Plex at {_connection} could not be reached for {what}: {ex.Message} ({Attempts(attempts)}).", ex);
        }
        catch (IOException ex)
        {
            throw new PlexUnavailableException($"The connection to Plex at {_connection} broke during {what}: {ex.Message} ({Attempts(attempts)}).", ex);
        }
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

    private PlexProtocolException ImageTooLarge(string what, long maxBytes) =>
        new($"Plex at {_connection} sent more than {maxBytes / (1024 * 1024)} MiB for {what}; an image that large is refused.");

    private HttpRequestMessage NewRequest(string relativeUrl, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, RequestUri(relativeUrl));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        request.Headers.TryAddWithoutValidation("X-Plex-Token", _connection.Token);
        request.Headers.TryAddWithoutValidation("X-Plex-Client-Identifier", _clientIdentifier);
        request.Headers.TryAddWithoutValidation("X-Plex-Product", _options.Product);
        request.Headers.TryAddWithoutValidation("X-Plex-Version", _options.Version);
        return request;
    }

    private async Task<T> SendOnceAsync<T>(string relativeUrl, string what, JsonTypeInfo<PlexResponse<T>> typeInfo, CancellationToken cancellationToken)
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
        PlexResponse<T>? parsed;
        try
        {
            parsed = await JsonSerializer.DeserializeAsync(body, typeInfo, cancellationToken);
        }
        catch (JsonException ex)
        {
            var hint = response.Content.Headers.ContentType?.MediaType?.Contains("xml", StringComparison.OrdinalIgnoreCase) == true
                ? " (it answered XML: does a proxy drop the Accept header?)"
                : string.Empty;
            // Only what failed, never what the server sent: a URL pointed at something that is not Plex must not read it back.
            throw new PlexProtocolException($"Plex at {_connection} sent malformed JSON for {what}{hint}: not a Plex server, or not one RetroVue understands.", ex);
        }

        _logger.LogDebug("Plex {Request} -> {Status} in {Elapsed} ms", what, (int)response.StatusCode, (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds);
        return parsed?.MediaContainer
            ?? throw new PlexProtocolException($"Plex at {_connection} answered {what} without a MediaContainer.");
    }

    // Plex reads date filters with the operator written literally ("updatedAt>>=..."), which System.Uri would
    // escape; every other part of the relative URL is escaped by the caller already.
    private Uri RequestUri(string relativeUrl) =>
        new(_connection.BaseUri.AbsoluteUri + relativeUrl, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

    private void ThrowForStatus(HttpResponseMessage response, string what)
    {
        var status = response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        // The number only: the reason phrase is the server's own text.
        var code = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        switch (status)
        {
            case HttpStatusCode.Unauthorized:
                throw new PlexAuthenticationException($"Plex rejected the token (401): {_connection} refused {what}. The token may have expired or been revoked; set a new one for this source.");
            case HttpStatusCode.Forbidden:
                throw new PlexAuthenticationException($"Plex rejected the token (403): the account has no access to {what} on {_connection}.");
            case HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests:
            case >= HttpStatusCode.InternalServerError:
                throw new PlexTransientException(code);
            case >= HttpStatusCode.MultipleChoices and < HttpStatusCode.BadRequest:
                throw new PlexProtocolException($"Plex at {_connection} answered {code} to {what}, a redirect; RetroVue does not follow redirects, so the token goes nowhere else. Give the address the redirect leads to, if it is yours.");
            default:
                throw new PlexProtocolException($"Plex at {_connection} answered {code} to {what}.");
        }
    }

    private PlexProtocolException TooLarge(string what) =>
        new($"Plex at {_connection} sent more than {_options.MaxResponseBytes / (1024 * 1024)} MiB for {what}; refused to protect memory.");

    private string Attempts(int attempts) => attempts == 1 ? "1 attempt" : $"{attempts} attempts";

    private ResiliencePipeline BuildPipeline()
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = _timeProvider };
        if (_options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<PlexTransientException>()
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
                        "Plex at {Server} failed ({Reason}); retry {Attempt} of {MaxRetries} in {Delay} ms",
                        _connection.ToString(),
                        App.Common.SecretRedactor.Redact(args.Outcome.Exception?.Message ?? "unknown"),
                        args.AttemptNumber + 1,
                        _options.MaxRetries,
                        (long)args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }

        return builder.AddTimeout(_options.RequestTimeout).Build();
    }
}
