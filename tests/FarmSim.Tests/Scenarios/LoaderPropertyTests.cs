using FarmSim.Engine;
using FarmSim.Scenarios;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace FarmSim.Tests.Scenarios;

/// <summary>
/// Whatever the input, the loader either returns a valid model or a list of errors; it never throws.
/// FsCheck draws a document (an example scenario, or random text) and a series of mutations: deleted,
/// inserted, replaced and duplicated characters and lines, swapped lines, truncation.
/// </summary>
public class LoaderPropertyTests
{
    private static readonly string[] Documents =
    [
        .. Directory.GetFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "scenarios"), "*.yaml").Select(File.ReadAllText),
        "name: t\nsimulation: { duration: 10m }\nservers: [ { name: fe, count: 3, workers: 2 } ]\napps: [ { name: A, arrival: { rate: 5/s }, service: { distribution: erlang, mean: 9ms, k: 2 } } ]\n",
    ];

    private const string Alphabet = " \t\n:-,[]{}#&*!|>'\"%@`?0123456789.smh/xyzAaBbzones_servers";

    private static string Mutate(string text, int seed)
    {
        var random = new RandomStream(seed, 0, "mutations");
        var lines = text.Split('\n').ToList();
        int mutations = 1 + random.Next(6);
        for (int m = 0; m < mutations; m++)
        {
            string joined = string.Join('\n', lines);
            int at = joined.Length == 0 ? 0 : random.Next(joined.Length);
            char c = Alphabet[random.Next(Alphabet.Length)];
            int line = random.Next(Math.Max(lines.Count, 1));
            switch (random.Next(7))
            {
                case 0: if (joined.Length > 0) lines = joined.Remove(at, 1).Split('\n').ToList(); break;
                case 1: lines = joined.Insert(at, c.ToString()).Split('\n').ToList(); break;
                case 2: if (joined.Length > 0) lines = (joined[..at] + c + joined[(at + 1)..]).Split('\n').ToList(); break;
                case 3: if (lines.Count > 0) lines.Insert(line, lines[line]); break;
                case 4: if (lines.Count > 0) lines.RemoveAt(line); break;
                case 5: if (lines.Count > 1) (lines[line], lines[0]) = (lines[0], lines[line]); break;
                default: lines = joined[..at].Split('\n').ToList(); break;
            }
        }
        return string.Join('\n', lines);
    }

    private static string RandomText(int seed)
    {
        var random = new RandomStream(seed, 0, "text");
        return new string(Enumerable.Range(0, random.Next(200)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
    }

    [Test]
    public void The_loader_never_throws_on_mutated_or_random_documents()
    {
        var inputs = Gen.Choose(0, Documents.Length).SelectMany(doc => Gen.Choose(0, int.MaxValue), (doc, seed) =>
            doc == Documents.Length ? RandomText(seed) : Mutate(Documents[doc], seed));
        var property = Prop.ForAll(inputs.ToArbitrary(), text =>
        {
            var result = ScenarioLoader.Load(text, "fuzz.yaml");
            // Either a model and no error, or errors and no model; every diagnostic has a place.
            bool consistent = result.Succeeded == !result.Errors.Any();
            bool placed = result.Diagnostics.All(d => d.File == "fuzz.yaml" && d.Line >= 1 && d.Column >= 1 && d.Message.Length > 0);
            return consistent && placed;
        });
        var config = Config.QuickThrowOnFailure.WithMaxTest(2000)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20261126UL), FSharpOption<int>.None)));
        Check.One(config, property);
    }
}
