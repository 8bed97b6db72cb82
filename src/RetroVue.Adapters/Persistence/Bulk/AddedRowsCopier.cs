using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using RetroVue.App.Common;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Persistence.Bulk;

/// <summary>
/// Writes the catalog rows a unit of work added with PostgreSQL's binary COPY instead of one INSERT each, then hands
/// the rest (updates, deletes, other tables) to EF. A first sync of a big server adds tens of thousands of titles,
/// episodes, files, links and ids: COPY writes them an order of magnitude faster than batched INSERTs, and EF's
/// change tracking of them ends here. The column list, names and value conversions come from the EF model, so a
/// column added to an entity is copied without touching this class.
/// <para>
/// Tables are copied parent first. A table that also has rows deleted in the same unit (a file's markers replaced)
/// and every table after it go through EF, which orders the delete before the insert; below
/// <see cref="MinimumRows"/> added rows nothing is copied (a COPY costs a round trip per table).
/// </para>
/// </summary>
internal static class AddedRowsCopier
{
    public const int MinimumRows = 64;

    /// <summary>Parents before children: the order the foreign keys need.</summary>
    private static readonly Type[] CopyOrder =
    [
        typeof(Title), typeof(Season), typeof(Episode), typeof(Asset), typeof(EpisodeAsset), typeof(ProviderRef), typeof(TitleTag), typeof(Marker),
    ];

    /// <returns>How many rows were copied.</returns>
    public static async Task<int> CopyAsync(DbContext context, CancellationToken cancellationToken)
    {
        // One scan of the tracked entities; the caller saves with automatic detection off so EF does not scan again.
        context.ChangeTracker.DetectChanges();
        var entries = context.ChangeTracker.Entries().ToList();
        var added = entries.Where(e => e.State == EntityState.Added && !e.Metadata.IsOwned()).ToLookup(e => e.Metadata.ClrType);
        if (CopyOrder.Sum(type => added[type].Count()) < MinimumRows)
        {
            return 0;
        }

        var deleted = entries.Where(e => e.State == EntityState.Deleted).Select(e => e.Metadata.ClrType).ToHashSet();
        var connection = (NpgsqlConnection)context.Database.GetDbConnection();
        var copied = new List<EntityEntry>();
        foreach (var type in CopyOrder)
        {
            if (deleted.Contains(type))
            {
                break;
            }

            var rows = added[type].ToList();
            if (rows.Count > 0)
            {
                await CopyTableAsync(connection, context.Model.FindEntityType(type)!, rows, cancellationToken);
                copied.AddRange(rows);
            }
        }

        Accept(entries, copied);
        return copied.Count;
    }

    /// <summary>The copied rows are in the database now: EF must not insert them again, nor their owned JSON parts.</summary>
    private static void Accept(List<EntityEntry> entries, List<EntityEntry> copied)
    {
        var copiedKeys = copied.Select(KeyOf).ToHashSet();
        foreach (var owned in entries.Where(e => e.State == EntityState.Added && e.Metadata.IsOwned()))
        {
            var ownership = owned.Metadata.FindOwnership()!;
            var ownerKey = (ownership.PrincipalEntityType.ClrType, string.Join('|', ownership.Properties.Select(p => owned.Property(p.Name).CurrentValue)));
            if (copiedKeys.Contains(ownerKey))
            {
                // A JSON element's key is its place in the collection, which EF keeps as a temporary value until saved.
                foreach (var key in owned.Properties.Where(p => p.IsTemporary))
                {
                    key.IsTemporary = false;
                }

                owned.State = EntityState.Unchanged;
            }
        }

        foreach (var entry in copied)
        {
            entry.State = EntityState.Unchanged;
        }
    }

    private static (Type, string) KeyOf(EntityEntry entry) =>
        (entry.Metadata.ClrType, string.Join('|', entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue)));

    private static async Task CopyTableAsync(NpgsqlConnection connection, IEntityType entityType, List<EntityEntry> rows, CancellationToken cancellationToken)
    {
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var columns = entityType.GetProperties()
            .Select(p => new CopiedColumn(p.GetColumnName(table)!, StoreTypeOf(p), p, null))
            .Concat(entityType.GetNavigations()
                .Where(n => n.TargetEntityType.IsMappedToJson())
                .Select(n => new CopiedColumn(n.TargetEntityType.GetContainerColumnName()!, "jsonb", null, n)))
            .ToList();
        var copy = $"COPY {Quote(table.Name)} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";
        await using var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var column in columns)
            {
                var value = column.Property is { } property ? ProviderValue(row, property) : OwnedJson(row, column.Json!);
                if (value is null)
                {
                    importer.WriteNull();
                }
                else
                {
                    // Synchronous: the importer buffers rows and only touches the socket when its buffer is full.
                    importer.Write(value, column.StoreType);
                }
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static object? ProviderValue(EntityEntry row, IProperty property)
    {
        var value = row.Property(property).CurrentValue;
        if (property.GetTypeMapping().Converter is { } converter && value is not null)
        {
            value = converter.ConvertToProvider(value);
        }

        // COPY bypasses the command interceptor that stops U+0000, which PostgreSQL cannot store.
        return value is string text && text.Contains('\0', StringComparison.Ordinal)
            ? throw new UserFacingException("The text given contains U+0000, which the database cannot store; remove it and try again. Nothing was saved.")
            : value;
    }

    /// <summary>An owned collection mapped to a JSON column, written as EF writes it: one object per element, every property by its JSON name.</summary>
    private static string? OwnedJson(EntityEntry row, INavigation navigation)
    {
        if (navigation.GetGetter().GetClrValue(row.Entity) is not System.Collections.IEnumerable elements)
        {
            return null;
        }

        var properties = navigation.TargetEntityType.GetProperties().Where(p => !p.IsShadowProperty() && !p.IsKey()).ToList();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var element in elements)
            {
                json.WriteStartObject();
                foreach (var property in properties)
                {
                    var value = property.GetGetter().GetClrValue(element);
                    if (property.GetTypeMapping().Converter is { } converter && value is not null)
                    {
                        value = converter.ConvertToProvider(value);
                    }

                    json.WritePropertyName(property.GetJsonPropertyName()!);
                    JsonSerializer.Serialize(json, value, value?.GetType() ?? typeof(object));
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        var text = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        return text.Contains("\\u0000", StringComparison.Ordinal)
            ? throw new UserFacingException("The text given contains U+0000, which the database cannot store; remove it and try again. Nothing was saved.")
            : text;
    }

    /// <summary>The column's type without its length ("character varying(512)" is written as "character varying").</summary>
    private static string StoreTypeOf(IProperty property)
    {
        var storeType = ((RelationalTypeMapping)property.GetTypeMapping()).StoreType;
        var facets = storeType.IndexOf('(', StringComparison.Ordinal);
        return facets < 0 ? storeType : storeType[..facets].TrimEnd();
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private sealed record CopiedColumn(string Name, string StoreType, IProperty? Property, INavigation? Json);
}
