using System.Text;

namespace LocalAi.Speech.Chatterbox.Onnx;

/// <summary>
/// GPT-2's <c>n_positions</c> as the language_model graph declares it: the rows of the learned position table, the
/// initializer that a <c>Gather</c> (or <c>GatherBlockQuantized</c>) picks rows from by <c>position_ids</c>. Read from
/// the small <c>.onnx</c> protobuf only (the shape is there; the weights stay in the external-data file), so the
/// limit is the graph's own rather than a number assumed for one export.
/// </summary>
internal static class PositionTable
{
    /// <summary>Turbo's <c>n_positions</c> (GPT-2 Medium), used when a graph has no learned position table to read.</summary>
    public const int TurboPositions = 8196;

    // ONNX field numbers: ModelProto.graph, GraphProto.node/initializer, NodeProto.input/op_type, TensorProto.dims/name.
    private const int ModelGraph = 7;
    private const int GraphNode = 1;
    private const int GraphInitializer = 5;
    private const int NodeInput = 1;
    private const int NodeOpType = 4;
    private const int TensorDims = 1;
    private const int TensorName = 8;

    // A graph file above this holds its weights inline; it is not read whole just for a shape.
    private const long MaxGraphBytes = 256L << 20;

    /// <summary>The rows of the position table of a language_model graph file, or null when it has none to read.</summary>
    public static int? Read(string graphPath)
    {
        var info = new FileInfo(graphPath);
        if (!info.Exists || info.Length > MaxGraphBytes)
        {
            return null;
        }

        try
        {
            return Find(File.ReadAllBytes(graphPath));
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static int? Find(ReadOnlyMemory<byte> model)
    {
        var graph = Fields(model).Where(f => f.Number == ModelGraph).Select(f => f.Bytes).FirstOrDefault();
        if (graph.IsEmpty)
        {
            return null;
        }

        var tables = new HashSet<string>(StringComparer.Ordinal);
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var field in Fields(graph))
        {
            if (field.Number == GraphNode && PositionGatherTable(field.Bytes) is { } table)
            {
                tables.Add(table);
            }
            else if (field.Number == GraphInitializer && FirstDimension(field.Bytes) is { } initializer)
            {
                rows[initializer.Name] = initializer.Rows;
            }
        }

        var found = tables.Where(rows.ContainsKey).Select(t => rows[t]).Where(r => r is > 0 and <= int.MaxValue).ToList();
        return found.Count == 0 ? null : (int)found.Min();
    }

    // A Gather whose indices are position_ids: its data input is the position table.
    private static string? PositionGatherTable(ReadOnlyMemory<byte> node)
    {
        var inputs = new List<string>();
        string? opType = null;
        foreach (var field in Fields(node))
        {
            if (field.Number == NodeInput)
            {
                inputs.Add(Encoding.UTF8.GetString(field.Bytes.Span));
            }
            else if (field.Number == NodeOpType)
            {
                opType = Encoding.UTF8.GetString(field.Bytes.Span);
            }
        }

        var gathers = opType is "Gather" or "GatherBlockQuantized";
        return gathers && inputs.Count >= 2 && inputs[1] == LanguageModelSignature.PositionIds ? inputs[0] : null;
    }

    private static (string Name, long Rows)? FirstDimension(ReadOnlyMemory<byte> tensor)
    {
        long? rows = null;
        string? name = null;
        foreach (var field in Fields(tensor))
        {
            if (field.Number == TensorDims && rows is null)
            {
                // dims is a repeated int64: packed (one length-delimited field) or one varint per dimension.
                rows = field.Bytes.IsEmpty ? field.Varint : ReadVarint(field.Bytes.Span, 0).Value;
            }
            else if (field.Number == TensorName)
            {
                name = Encoding.UTF8.GetString(field.Bytes.Span);
            }
        }

        return rows is { } r && name is not null ? (name, r) : null;
    }

    private readonly record struct Field(int Number, long Varint, ReadOnlyMemory<byte> Bytes);

    private static IEnumerable<Field> Fields(ReadOnlyMemory<byte> message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var (key, afterKey) = ReadVarint(message.Span, position);
            position = afterKey;
            var number = (int)(key >> 3);
            switch (key & 7)
            {
                case 0:
                    var (value, afterValue) = ReadVarint(message.Span, position);
                    position = afterValue;
                    yield return new Field(number, value, ReadOnlyMemory<byte>.Empty);
                    break;
                case 1:
                    position = Skip(message.Length, position, 8);
                    break;
                case 2:
                    var (length, afterLength) = ReadVarint(message.Span, position);
                    var start = afterLength;
                    position = Skip(message.Length, start, length);
                    yield return new Field(number, 0, message[start..position]);
                    break;
                case 5:
                    position = Skip(message.Length, position, 4);
                    break;
                default:
                    throw new InvalidDataException("Not a protobuf message.");
            }
        }
    }

    private static int Skip(int length, int position, long count) =>
        count < 0 || count > length - position ? throw new InvalidDataException("A protobuf field runs past its message.") : position + (int)count;

    private static (long Value, int Next) ReadVarint(ReadOnlySpan<byte> bytes, int position)
    {
        long value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= bytes.Length)
            {
                throw new InvalidDataException("A protobuf varint runs past its message.");
            }

            var b = bytes[position++];
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return (value, position);
            }
        }

        throw new InvalidDataException("A protobuf varint is too long.");
    }
}
