using RetroVue.Domain.Common;

namespace RetroVue.Domain.Library;

/// <summary>One ordered prefix rule that turns a path as a source reports it into a path on this machine.</summary>
public sealed class PathMapping
{
    private PathMapping()
    {
        FromPrefix = string.Empty;
        ToPrefix = string.Empty;
    }

    internal PathMapping(Guid sourceId, int order, string fromPrefix, string toPrefix)
    {
        if (string.IsNullOrWhiteSpace(fromPrefix) || string.IsNullOrWhiteSpace(toPrefix))
        {
            throw new DomainException("A path mapping needs both a source prefix and a local prefix.");
        }

        Id = Guid.NewGuid();
        SourceId = sourceId;
        Order = order;
        FromPrefix = fromPrefix;
        ToPrefix = toPrefix;
    }

    public Guid Id { get; private set; }
    public Guid SourceId { get; private set; }
    public int Order { get; private set; }
    public string FromPrefix { get; private set; }
    public string ToPrefix { get; private set; }
}
