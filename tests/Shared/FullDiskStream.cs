namespace LocalAi.Testing;

/// <summary>A real file that takes <c>roomBytes</c> and then fails as Linux does when the disk is full (ENOSPC).</summary>
internal sealed class FullDiskStream(string path, long roomBytes) : FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None)
{
    // FileStream routes span writes of a derived class through this overload.
    public override void Write(byte[] buffer, int offset, int count)
    {
        var fits = (int)Math.Min(count, Math.Max(0, roomBytes - Length));
        base.Write(buffer, offset, fits);
        if (fits < count)
        {
            throw new IOException("No space left on device", 28);
        }
    }
}
