using FarmSim.Experiments;

namespace FarmSim.Tests.Farm;

public class SummaryTests
{
    [Test]
    public void The_interval_is_Students_t_over_the_replications()
    {
        // Values 1, 2, 6: mean 3, sample sd sqrt(7), t(0.975, 2 df) = 4.302653.
        var (mean, low, high) = Summary.MeanWithInterval([1, 2, 6]);
        double half = 4.302653 * Math.Sqrt(7) / Math.Sqrt(3);
        Assert.That(mean, Is.EqualTo(3));
        Assert.That(low, Is.EqualTo(3 - half).Within(1e-5));
        Assert.That(high, Is.EqualTo(3 + half).Within(1e-5));
    }

    [Test]
    public void One_replication_has_no_interval()
    {
        var (mean, low, high) = Summary.MeanWithInterval([4]);
        Assert.That(mean, Is.EqualTo(4));
        Assert.That(double.IsNaN(low) && double.IsNaN(high));
    }
}
