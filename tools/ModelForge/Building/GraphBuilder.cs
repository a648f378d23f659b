using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace LocalAi.ModelForge.Building;

/// <summary>
/// Builds one ONNX graph: nodes with generated names, small constants as Constant nodes, and initializers whose
/// bytes go to the external data file (the protobuf itself holds no weights).
/// </summary>
internal sealed class GraphBuilder : IDisposable
{
    private const long IrVersion = 8;
    private const long AiOnnxOpset = 17;
    private const long MicrosoftOpset = 1;

    private readonly GraphProto _graph;
    private readonly ExternalDataWriter _data;
    private readonly Dictionary<string, string> _renamed = [];
    private int _counter;

    public GraphBuilder(string graphName, string dataFilePath)
    {
        _graph = new GraphProto { Name = graphName };
        _data = new ExternalDataWriter(dataFilePath);
    }

    /// <summary>Adds a node with one output and returns that output's name.</summary>
    public string Op(string opType, IEnumerable<string> inputs, params AttributeProto[] attributes) =>
        OpTo(opType, inputs, NextName(opType), attributes);

    /// <summary>Adds a node whose single output has a chosen name (a graph output, usually).</summary>
    public string OpTo(string opType, IEnumerable<string> inputs, string output, params AttributeProto[] attributes)
    {
        AddNode(opType, "", inputs, [output], attributes);
        return output;
    }

    /// <summary>Adds a <c>com.microsoft</c> contrib node with one output.</summary>
    public string MicrosoftOp(string opType, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var output = NextName(opType);
        AddNode(opType, "com.microsoft", inputs, [output], attributes);
        return output;
    }

    public string Scalar(long value) => ConstTensor([], DataType.Int64, MemoryMarshal.AsBytes(new[] { value }.AsSpan()));

    public string Scalar(float value) => ConstTensor([], DataType.Float, MemoryMarshal.AsBytes(new[] { value }.AsSpan()));

    public string Vector(params long[] values) => ConstTensor([values.Length], DataType.Int64, MemoryMarshal.AsBytes(values.AsSpan()));

    /// <summary>Stores an initializer in the external data file and returns its name.</summary>
    public string Initializer<T>(string name, DataType type, long[] dims, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type };
        tensor.Dims.AddRange(dims);
        _data.Store(tensor, MemoryMarshal.AsBytes(values));
        _graph.Initializer.Add(tensor);
        return name;
    }

    public void Input(string name, DataType type, params Dim[] dims) => _graph.Input.Add(ValueInfo(name, type, dims));

    public void Output(string name, DataType type, params Dim[] dims) => _graph.Output.Add(ValueInfo(name, type, dims));

    /// <summary>Declares a float input of element type <paramref name="type"/> and returns a float32 view of it.</summary>
    public string FloatInput(string name, DataType type, params Dim[] dims)
    {
        Input(name, type, dims);
        return type == DataType.Float ? name : Cast(name, DataType.Float);
    }

    /// <summary>Publishes a float32 value as a graph output of element type <paramref name="type"/>.</summary>
    public void FloatOutput(string name, string value, DataType type, params Dim[] dims)
    {
        Output(name, type, dims);
        EmitAs(name, value, type);
    }

    /// <summary>
    /// Produces an already declared output from a float32 value, casting where the output is float16. A float32 value
    /// made by a node of this graph becomes the output itself (its node writes the output's name, and every consumer
    /// reads it under that name), as an exported graph's Concat writes <c>present.*</c> directly: an Identity would
    /// copy every row's cache once more per step.
    /// </summary>
    public void EmitAs(string name, string value, DataType type)
    {
        value = _renamed.GetValueOrDefault(value, value);
        if (type == DataType.Float && _graph.Node.FirstOrDefault(n => n.Output.Contains(value)) is { } producer && !_graph.Output.Any(o => o.Name == value))
        {
            producer.Output[producer.Output.IndexOf(value)] = name;
            foreach (var node in _graph.Node)
            {
                for (var i = 0; i < node.Input.Count; i++)
                {
                    node.Input[i] = node.Input[i] == value ? name : node.Input[i];
                }
            }

            _renamed[value] = name;
        }
        else if (type == DataType.Float)
        {
            OpTo("Identity", [value], name);
        }
        else
        {
            OpTo("Cast", [value], name, Attr.Int("to", (long)type));
        }
    }

    public string Cast(string value, DataType type) => Op("Cast", [value], Attr.Int("to", (long)type));

    /// <summary>One dimension of a value's runtime shape, as an int64 tensor of shape [1].</summary>
    public string DimOf(string value, int axis) => Op("Shape", [value], Attr.Int("start", axis), Attr.Int("end", axis + 1));

    public string Slice(string value, string starts, string ends, long axis) => Op("Slice", [value, starts, ends, Vector(axis)]);

    public void Save(string modelPath)
    {
        _data.Dispose();
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "LocalAi.ModelForge",
            ProducerVersion = "1",
            DocString = "Synthetic Chatterbox Turbo graph with the official I/O contract; not a trained model.",
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = AiOnnxOpset });
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "com.microsoft", Version = MicrosoftOpset });
        File.WriteAllBytes(modelPath, model.ToByteArray());
    }

    public void Dispose() => _data.Dispose();

    private string ConstTensor(long[] dims, DataType type, ReadOnlySpan<byte> bytes)
    {
        var tensor = new TensorProto { DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        return Op("Constant", [], Attr.Tensor("value", tensor));
    }

    private void AddNode(string opType, string domain, IEnumerable<string> inputs, string[] outputs, AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Domain = domain, Name = $"{opType}_node_{_counter++}" };
        node.Input.AddRange(inputs.Select(i => _renamed.GetValueOrDefault(i, i)));
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
    }

    private string NextName(string opType) => $"{opType.ToLowerInvariant()}_{_counter++}";

    private static ValueInfoProto ValueInfo(string name, DataType type, Dim[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim.Param is null
                ? new TensorShapeProto.Types.Dimension { DimValue = dim.Value }
                : new TensorShapeProto.Types.Dimension { DimParam = dim.Param });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
