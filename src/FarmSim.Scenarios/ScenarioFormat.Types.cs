namespace FarmSim.Scenarios;

/// <summary>The kinds of value a scenario's field takes, and the fields and sections built of them.</summary>
public static partial class ScenarioFormat
{
    public abstract record FieldType;
    public sealed record TextType : FieldType;
    /// <summary>Any scalar, as a sweep's values are: a word, a number, a duration.</summary>
    public sealed record ScalarType : FieldType;
    public sealed record IntegerType(int Minimum, int? Maximum = null) : FieldType;
    public sealed record NumberType(double ExclusiveMinimum, bool MinimumIncluded = false) : FieldType;
    public sealed record DurationType : FieldType;
    public sealed record RateType : FieldType;
    public sealed record SizeType : FieldType;
    public sealed record BandwidthType : FieldType;
    public sealed record ChoiceType(IReadOnlyList<string> Choices) : FieldType;
    public sealed record MappingType(Section Section) : FieldType;
    public sealed record ListType(FieldType Item) : FieldType;
    /// <summary>A mapping whose keys are names the file chooses (a navigation's class names), each of one type.</summary>
    public sealed record MapType(FieldType Value) : FieldType;
    /// <summary>A pair written as a two-item list, such as a profile's <c>[9h, 100%]</c>.</summary>
    public sealed record PairType(FieldType First, FieldType Second) : FieldType;
    /// <summary>Any one of the alternatives, such as a number or the word <c>unlimited</c>.</summary>
    public sealed record EitherType(IReadOnlyList<FieldType> Alternatives) : FieldType;

    public sealed record Field(string Key, FieldType Type, string Description, bool Required = false, string? Default = null);

    public sealed record Section(string Name, string Description, IReadOnlyList<Field> Fields)
    {
        public string[] Keys => Fields.Select(f => f.Key).ToArray();
        public Field this[string key] => Fields.First(f => f.Key == key);
    }
}
