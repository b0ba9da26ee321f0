using YamlDotNet.RepresentationModel;

namespace FarmSim.Tests.Sweeps;

/// <summary>
/// The Slurm recipe of docs/distributed.md on a real Slurm (CI starts a single-node cluster with
/// scripts/slurm-local.sh), compared file by file with the same sweep run on one machine; and the
/// Kubernetes manifests checked as far as this machine allows.
/// </summary>
public class SlurmTests
{
    // A small sweep: three balancers at two loads, two replications each, twelve work items for three shards.
    private static readonly string[] Sweep =
    [
        "scenarios/intranet-zone.yaml", "--duration", "2m", "--warmup", "10s", "--replications", "2",
        "--vary", "zones.Intranet.balancer=round-robin,least-connections,power-of-two-choices", "--vary", "load=0.5,0.9",
    ];

    private string _work = "";
    private bool _submitted; // whether this test reached a running Slurm, and so may have left jobs behind

    [SetUp]
    public void CreateWork() => _work = Directory.CreateTempSubdirectory("farmsim-slurm-").FullName;

    [TearDown]
    public void RemoveWork()
    {
        // A test that timed out leaves its jobs behind: cancel them before their folder goes.
        if (_submitted)
        {
            Processes.Run("scancel", ["--name=farmsim-sweep"], timeoutSeconds: 30);
            Processes.Run("scancel", ["--name=farmsim-merge"], timeoutSeconds: 30);
        }
        Directory.Delete(_work, recursive: true);
    }

    private void RequireSlurm()
    {
        bool up = false;
        try
        {
            up = Processes.Run("sinfo", ["-h", "-o", "%a"], timeoutSeconds: 30).Output.Contains("up");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // no sinfo on this machine
        }
        Repository.RequireTool(up, "a running Slurm (sinfo answering)", "scripts/slurm-local.sh start, then export SLURM_CONF as scripts/slurm-local.sh env prints");
        _submitted = true;
    }

    private static Processes.Outcome SlurmSweep(string cwd, string output, params string[] options) =>
        Processes.Run(Path.Combine(Repository.Root, "scripts", "slurm-sweep.sh"), [.. options, "--out", output, "--shards", "3", "--wait", "--", .. Sweep], cwd, timeoutSeconds: 900);

    [Test]
    public void A_sweep_run_as_a_Slurm_array_merges_into_exactly_the_sweep_one_machine_runs_and_survives_a_failed_shard()
    {
        RequireSlurm();
        string whole = Path.Combine(_work, "whole");
        var alone = Processes.Run("dotnet", [Path.Combine(Repository.Root, "src/FarmSim.Cli/bin/Release/net10.0/farmsim.dll"), "sweep", .. Sweep, "--out", whole, "--quiet"]);
        Assert.That(alone.Code, Is.Zero, alone.ToString());

        // Submitted from another folder than the checkout (a pitfall once: every task died unseen).
        string elsewhere = Directory.CreateDirectory(Path.Combine(_work, "elsewhere")).FullName;
        var slurm = SlurmSweep(elsewhere, "slurm");
        Assert.That(slurm.Code, Is.Zero, slurm.ToString());
        AssertSameFiles(Path.Combine(elsewhere, "slurm", "sweep"), whole);

        // Shard 2 fails (here: is never run). The merge still runs once the array has ended, and
        // names it; running task 2 alone then completes the sweep, shard 2 of 3 as before.
        string partial = Path.Combine(_work, "partial");
        var missing = SlurmSweep(elsewhere, partial, "--tasks", "1,3");
        Assert.That(missing.Code, Is.Not.Zero, missing.ToString());
        Assert.That(missing.Output, Does.Contain("shard 2 of 3 is missing").And.Contain("--tasks 2"));
        Assert.That(missing.Error, Does.Contain("the merge (job").And.Contain("ended FAILED"));
        var rerun = SlurmSweep(elsewhere, partial, "--tasks", "2");
        Assert.That(rerun.Code, Is.Zero, rerun.ToString());
        AssertSameFiles(Path.Combine(partial, "sweep"), whole);
    }

    private static void AssertSameFiles(string folder, string expected)
    {
        var names = Directory.GetFiles(expected).Select(Path.GetFileName).Order().ToList();
        Assert.That(Directory.GetFiles(folder).Select(Path.GetFileName).Order(), Is.EqualTo(names), folder);
        foreach (string? name in names)
            Assert.That(File.ReadAllBytes(Path.Combine(folder, name!)), Is.EqualTo(File.ReadAllBytes(Path.Combine(expected, name!))), name);
    }

    [Test]
    public void Submitted_by_hand_from_another_folder_the_task_script_refuses_loudly()
    {
        RequireSlurm();
        var run = Processes.Run("bash", [Path.Combine(Repository.Root, "docs/distributed/sweep.slurm")], _work,
            environment: new Dictionary<string, string> { ["SLURM_SUBMIT_DIR"] = _work, ["FARMSIM_ROOT"] = _work });
        Assert.That(run.Code, Is.Not.Zero);
        Assert.That(run.Error, Does.Contain("submit it with scripts/slurm-sweep.sh"));
    }

    [Test]
    public void The_Kubernetes_manifests_parse_and_run_the_commands_the_Slurm_recipe_runs()
    {
        // No cluster here: the manifests are parsed, their commands compared with the Slurm task's,
        // and the image's entry point (the Dockerfile's) run on this machine's build.
        YamlMappingNode Load(string name)
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(File.ReadAllText(Path.Combine(Repository.Root, "docs/distributed", name))));
            return (YamlMappingNode)yaml.Documents[0].RootNode;
        }
        static YamlNode At(YamlNode node, params object[] path)
        {
            foreach (object step in path)
                node = step is string key ? ((YamlMappingNode)node)[key] : ((YamlSequenceNode)node)[(int)step];
            return node;
        }
        var sweep = Load("sweep-job.yaml");
        var merge = Load("merge-job.yaml");
        string sweepCommand = At(sweep, "spec", "template", "spec", "containers", 0, "args", 0).ToString();
        string mergeCommand = At(merge, "spec", "template", "spec", "containers", 0, "args", 0).ToString();
        string task = File.ReadAllText(Path.Combine(Repository.Root, "docs/distributed/sweep.slurm"));
        string submit = File.ReadAllText(Path.Combine(Repository.Root, "scripts/slurm-sweep.sh"));
        var entry = File.ReadAllLines(Path.Combine(Repository.Root, "Dockerfile")).Single(l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(At(sweep, "spec", "completionMode").ToString(), Is.EqualTo("Indexed"));
            Assert.That(At(sweep, "spec", "completions").ToString(), Is.EqualTo("3"));
            Assert.That(sweepCommand, Does.Contain("/app/farmsim.dll sweep").And.Contain("--shard 3").And.Contain("--out /results/parts/part-$JOB_COMPLETION_INDEX"));
            Assert.That(task, Does.Contain("farmsim.dll sweep \"$@\"").And.Contain("--shard \"${FARMSIM_SHARDS}\""));
            Assert.That(mergeCommand, Does.Contain("/app/farmsim.dll merge /results/parts/part-* --out /results/sweep --force"));
            Assert.That(submit, Does.Contain("merge '$out'/parts/part-* --out '$out/sweep' --force"));
            Assert.That(entry, Is.EqualTo("ENTRYPOINT [\"dotnet\", \"/app/farmsim.dll\"]"));
        });
        var help = Processes.Run("dotnet", [Path.Combine(Repository.Root, "src/FarmSim.Cli/bin/Release/net10.0/farmsim.dll"), "--help"]);
        Assert.That(help.Code, Is.Zero, help.ToString());
        Assert.That(help.Output, Does.Contain("sweep").And.Contain("merge"));
    }
}
