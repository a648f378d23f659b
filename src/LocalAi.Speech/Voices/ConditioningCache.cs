using System.Runtime.InteropServices;
using System.Security.Cryptography;
using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Voices;

/// <summary>
/// Keeps the speech encoder's four outputs on disk, keyed by the prepared clip's content hash and the model variant,
/// so a voice is encoded once per model and never again (not even after a restart). Files are written atomically.
/// </summary>
/// <param name="directory">The folder holding one subfolder per model variant.</param>
public sealed class ConditioningCache(string directory)
{
    private const uint Magic = 0x444E4F43; // "COND"
    private const int Version = 1;

    /// <summary>The cache folder.</summary>
    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>The content hash of a prepared clip (SHA-256 of its float32 samples).</summary>
    public static string ClipHash(ReadOnlySpan<float> clip) =>
        Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(clip)));

    /// <summary>Returns the cached conditioning of a clip for a model variant, or encodes and stores it.</summary>
    /// <param name="clip">The prepared clip (24 kHz mono) exactly as it will be given to the encoder.</param>
    /// <param name="variantKey">The model's <see cref="ChatterboxModel.VariantKey"/>.</param>
    /// <param name="encode">Runs the speech encoder on <paramref name="clip"/>; called only on a miss.</param>
    /// <param name="hit">Whether the result came from the cache.</param>
    public SpeechConditioning GetOrCreate(float[] clip, string variantKey, Func<float[], SpeechConditioning> encode, out bool hit)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentNullException.ThrowIfNull(encode);
        var path = PathFor(ClipHash(clip), variantKey);
        var cached = TryRead(path);
        if (cached is not null)
        {
            hit = true;
            return cached;
        }

        var conditioning = encode(clip);
        Write(path, conditioning);
        hit = false;
        return conditioning;
    }

    /// <summary>The file that holds a clip's conditioning for a variant.</summary>
    public string PathFor(string clipHash, string variantKey)
    {
        if (variantKey.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || variantKey.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{variantKey}' is not a valid variant key.", nameof(variantKey));
        }

        return Path.Combine(Directory, variantKey, clipHash + ".cond");
    }

    /// <summary>Reads a conditioning file; null when it is absent or unreadable (it is then recomputed).</summary>
    public static SpeechConditioning? TryRead(string path)
    {
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadUInt32() != Magic || reader.ReadInt32() != Version)
            {
                return null;
            }

            var featureRows = reader.ReadInt32();
            var features = ReadFloats(reader);
            var tokens = ReadLongs(reader);
            var embeddings = ReadFloats(reader);
            var frames = reader.ReadInt32();
            var speakerFeatures = ReadFloats(reader);
            return new SpeechConditioning(features, featureRows, tokens, embeddings, speakerFeatures, frames);
        }
        catch (Exception e) when (e is IOException or OverflowException or OutOfMemoryException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Writes a conditioning file atomically (temporary file, then rename).</summary>
    public static void Write(string path, SpeechConditioning conditioning)
    {
        ArgumentNullException.ThrowIfNull(conditioning);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var writer = new BinaryWriter(File.Create(temporary)))
            {
                writer.Write(Magic);
                writer.Write(Version);
                writer.Write(conditioning.FeatureRows);
                WriteFloats(writer, conditioning.AudioFeatures);
                WriteLongs(writer, conditioning.AudioTokens);
                WriteFloats(writer, conditioning.SpeakerEmbeddings);
                writer.Write(conditioning.SpeakerFeatureFrames);
                WriteFloats(writer, conditioning.SpeakerFeatures);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static void WriteFloats(BinaryWriter writer, float[] values)
    {
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static void WriteLongs(BinaryWriter writer, long[] values)
    {
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static float[] ReadFloats(BinaryReader reader)
    {
        var values = new float[reader.ReadInt32()];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    private static long[] ReadLongs(BinaryReader reader)
    {
        var values = new long[reader.ReadInt32()];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }
}
