using System.Text;
using CsCheck;

namespace LocalAi.Reliability.Tests.Fuzz;

/// <summary>A voice upload as raw bytes: its Content-Type header and a multipart body, either of which may be wrong.</summary>
internal sealed record RawUpload(string? ContentType, byte[] Body)
{
    public override string ToString() =>
        $"Content-Type: {ContentType ?? "(none)"}\n{Encoding.UTF8.GetString(Body[..Math.Min(Body.Length, 600)])}";
}

/// <summary>
/// Multipart voice uploads for the fuzzers: the fields the endpoint reads (name, consent, aliases, id, the audio file)
/// with hostile values, stray fields and headers, and a Content-Type or closing boundary that may be missing or wrong.
/// </summary>
internal static class MultipartGen
{
    private static readonly string[] Texts = ["", "voice", "Voice Name", "../x", "we/ird", "a\\b", "\0", "\u200b", "true", "maybe", "1", "x,y,,z", new string('n', 300), "${PORT}"];

    private static readonly Gen<string> Text = Gen.OneOf(Gen.OneOf(Texts), Gen.String[0, 40]);

    /// <summary>
    /// Uploads in every shape; <paramref name="audio"/> makes the file part's bytes. <paramref name="brokenFraming"/> adds
    /// a Content-Type without a boundary and bodies without their closing boundary.
    /// </summary>
    public static Gen<RawUpload> Uploads(Gen<byte[]> audio, bool brokenFraming) =>
        from boundary in Gen.OneOf(Gen.Const("fuzz-boundary"), Gen.String.AlphaNumeric.Where(b => b.Length is > 0 and <= 70))
        from header in brokenFraming ? Gen.Int[0, 4] : Gen.OneOf(Gen.Const(0), Gen.Const(2), Gen.Const(3))
        from parts in Part(audio).Array[0, 6]
        from ending in brokenFraming ? Gen.Int[0, 3] : Gen.OneOf(Gen.Const(0), Gen.Const(3))
        select Build(boundary, header, parts, ending);

    private static Gen<(string Name, string? FileName, string? MediaType, byte[] Bytes)> Part(Gen<byte[]> audio) => Gen.Frequency(
        (3, Gen.Select(Gen.OneOf("name", "consent", "aliases", "id", "extra", ""), Text, (name, value) => (name, (string?)null, (string?)null, Encoding.UTF8.GetBytes(value)))),
        (1, Gen.Const(("consent", (string?)null, (string?)null, "true"u8.ToArray()))),
        (3, Gen.Select(audio, Gen.OneOf<string?>("voice.wav", "voice.mp3", "", null, "../../etc/passwd"), Gen.OneOf<string?>("audio/wav", "audio/mpeg", "application/octet-stream", null),
            (bytes, file, media) => ("audio_sample", file, media, bytes))));

    private static RawUpload Build(string boundary, int header, (string Name, string? FileName, string? MediaType, byte[] Bytes)[] parts, int ending)
    {
        using var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        foreach (var (name, fileName, mediaType, bytes) in parts)
        {
            Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"");
            Write(fileName is null ? "\r\n" : $"; filename=\"{fileName}\"\r\n");
            Write(mediaType is null ? "\r\n" : $"Content-Type: {mediaType}\r\n\r\n");
            body.Write(bytes);
            Write("\r\n");
        }

        switch (ending)
        {
            case 0 or 3:
                Write($"--{boundary}--\r\n");
                if (ending == 3)
                {
                    Write("trailing bytes after the closing boundary");
                }

                break;
            case 1:
                // No closing boundary: the body just stops after the last part.
                break;
            default:
                body.SetLength(body.Length / 2);
                break;
        }

        var contentType = header switch
        {
            0 => $"multipart/form-data; boundary={boundary}",
            1 => "multipart/form-data",
            2 => $"multipart/form-data; boundary=\"{boundary}\"",
            3 => "application/json",
            _ => null,
        };
        return new RawUpload(contentType, body.ToArray());
    }
}
