namespace RetroVue.Adapters.Persistence.Embedded;

/// <summary>An exclusive lock between processes, held by keeping a file open without sharing.</summary>
public sealed class FileLock : IAsyncDisposable
{
    private readonly FileStream _stream;

    private FileLock(FileStream stream) => _stream = stream;

    public static async Task<FileLock> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
