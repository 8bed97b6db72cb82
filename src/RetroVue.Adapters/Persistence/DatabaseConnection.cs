namespace RetroVue.Adapters.Persistence;

/// <summary>The connection string this process uses, for the few places that talk to Npgsql directly (locks, health).</summary>
public sealed record DatabaseConnection(string ConnectionString);
