using FarmSim.Calibration;
using FarmSim.Engine.Distributions;
using MathNet.Numerics.Distributions;

namespace FarmSim.Tests.Logs;

/// <summary>
/// Calibration against logs of a known farm (two apps along a steps profile, lognormal service
/// times, two servers behind round robin) written with every quirk real IIS logs have: the
/// estimates must come back within their estimation error, the profile within its Poisson spread.
/// </summary>
public class CalibrationTests
{
    private static readonly FixtureApp[] Apps =
    [
        new("/Portal", [20, 60, 40, 80, 30, 50], -3.0, 0.8),
        new("/Reports", [2, 5, 3, 6, 2, 4], -1.5, 0.5),
    ];
    private const double Step = 600;

    private string _logs = "";
    private List<FixtureRequest> _requests = [];
    private int _garbage;
    private CalibrationResult _result = null!;

    [OneTimeSetUp]
    public void WriteLogsAndCalibrate()
    {
        _logs = Directory.CreateTempSubdirectory("farmsim-logs-").FullName;
        _requests = FixtureLogs.Draw(Apps, Step, servers: 2, seed: 11, refusedShare: 0.01);
        _garbage = FixtureLogs.Write(_logs, Apps, _requests, 2, Quirks.All);
        _result = Calibrator.Run(new CalibrationOptions([_logs]) { Routes = [new("Portal", "/Portal"), new("Reports", "/Reports")], Window = Step });
    }

    [OneTimeTearDown]
    public void RemoveLogs() => Directory.Delete(_logs, recursive: true);

    [Test]
    public void Every_quirk_is_read_and_only_the_garbage_lines_are_skipped()
    {
        var reading = _result.Reading;
        Assert.Multiple(() =>
        {
            Assert.That(_result.Errors, Is.Empty);
            Assert.That(reading.FileErrors, Is.Empty);
            Assert.That(reading.Skipped, Is.EqualTo(_garbage), string.Join("\n", reading.SkippedBy.Select(p => $"{p.Key}: {p.Value}")));
            Assert.That(reading.Requests, Is.EqualTo(_requests.Count), "every drawn request, answered or refused, is read once");
            Assert.That(reading.Servers, Is.EqualTo(new[] { "fe1", "fe2" }), "servers by folder, and the restart block's s-computername FE1/FE2 the same servers");
            Assert.That(reading.Formats, Is.EquivalentTo(new[] { "IIS W3C", "HTTPERR" }));
            Assert.That(reading.NotRequests, Is.EqualTo(2), "one idle-connection HTTPERR line per server");
            // The last few, whose arrivals known to the second fall just past the hour, are outside the span.
            Assert.That(_result.Apps.Sum(a => a.Requests) + _result.OutsideSpan, Is.EqualTo(_requests.Count));
            Assert.That(_result.OutsideSpan, Is.LessThan(10));
            Assert.That(_result.Apps.Select(a => a.Refused), Is.EqualTo(Apps.Select((_, a) => (long)_requests.Count(r => r.App == a && r.Refused && r.Arrival < 3599))).Using<long>((x, y) => Math.Abs(x - y) <= 1 ? 0 : x.CompareTo(y)));
            Assert.That(_result.Servers.Sum(s => s.QueueFull), Is.EqualTo(_requests.Count(r => r.Refused)));
        });
    }

    [Test]
    public void The_lognormal_service_times_come_back_within_their_standard_errors()
    {
        // Four estimates at once: each within its two-sided 99.9%/4 normal quantile of standard errors.
        double z = Normal.InvCDF(0, 1, 1 - 0.001 / 4 / 2);
        Assert.Multiple(() =>
        {
            for (int a = 0; a < Apps.Length; a++)
            {
                var fit = _result.Apps[a].Used!;
                Assert.That(fit.ChosenName, Is.EqualTo("lognormal"), fit.Why);
                var lognormal = fit.Fits.Single(f => f.Family == DistributionKind.LogNormal);
                var mu = lognormal.Estimates.Single(e => e.Name == "mu");
                var sigma = lognormal.Estimates.Single(e => e.Name == "sigma");
                Assert.That(mu.Value, Is.EqualTo(Apps[a].Mu).Within(z * mu.StandardError), $"{Apps[a].Path} mu");
                Assert.That(sigma.Value, Is.EqualTo(Apps[a].Sigma).Within(z * sigma.StandardError), $"{Apps[a].Path} sigma");
            }
        });
    }

    [Test]
    public void The_profile_comes_back_within_its_Poisson_spread()
    {
        // Each window's count is Poisson with mean rate × 600 s; 12 windows at once (Bonferroni).
        int checks = Apps.Length * Apps[0].StepRates.Length;
        double z = Normal.InvCDF(0, 1, 1 - 0.001 / checks / 2);
        Assert.That(_result.Windows, Is.EqualTo(Apps[0].StepRates.Length));
        Assert.Multiple(() =>
        {
            for (int a = 0; a < Apps.Length; a++)
                for (int w = 0; w < Apps[a].StepRates.Length; w++)
                {
                    double expected = Apps[a].StepRates[w] * Step;
                    Assert.That(_result.Apps[a].WindowRates[w] * Step, Is.EqualTo(expected).Within(z * Math.Sqrt(expected)), $"{Apps[a].Path} window {w}");
                }
        });
    }

    [Test]
    public void Poisson_arrivals_are_said_to_be_Poisson_and_the_servers_to_share_them_evenly()
    {
        Assert.Multiple(() =>
        {
            foreach (var app in _result.Apps)
            {
                Assert.That(app.Dispersion.PValue, Is.GreaterThanOrEqualTo(Dispersion.Level), app.Dispersion.Verdict);
                Assert.That(app.Dispersion.Verdict, Does.Contain("Poisson within each window"));
            }
            // Round robin over all requests gives each server about half of each app's: at most a binomial spread.
            double z = Normal.InvCDF(0, 1, 1 - 0.001 / 2 / 2);
            for (int a = 0; a < Apps.Length; a++)
            {
                double n = _result.Apps[a].Requests;
                Assert.That((double)_result.Servers[0].PerApp[a], Is.EqualTo(n / 2).Within(z * Math.Sqrt(n / 4)), $"{Apps[a].Path} on fe1");
            }
        });
    }

    [Test]
    public void Bursty_arrivals_are_said_to_be_burstier_than_Poisson()
    {
        string folder = Directory.CreateTempSubdirectory("farmsim-bursty-").FullName;
        try
        {
            FixtureApp[] app = [new("/Shop", [20, 20, 20], -3, 0.5)];
            FixtureLogs.Write(folder, app, FixtureLogs.Draw(app, Step, 1, seed: 3, burst: 4), 1, Quirks.None);
            var result = Calibrator.Run(new CalibrationOptions([folder]) { Window = 300 });
            var shop = result.Apps.Single(a => a.Name == "Shop");
            Assert.That(shop.Dispersion.PValue, Is.LessThan(Dispersion.Level), shop.Dispersion.Verdict);
            Assert.That(shop.Dispersion.Verdict, Does.Contain("burstier than Poisson by a factor of"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Without_a_scenario_the_busiest_first_segments_become_the_apps()
    {
        var result = Calibrator.Run(new CalibrationOptions([_logs]) { Window = Step });
        Assert.That(result.Apps.Select(a => (a.Name, a.Path)), Is.EqualTo(new[] { ("Portal", "/Portal"), ("Reports", "/Reports") }));
    }
}
