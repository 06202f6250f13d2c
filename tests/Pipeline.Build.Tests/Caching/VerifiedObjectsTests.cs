using Pipeline.Build.Caching;
using Pipeline.Build.IO;
using Pipeline.Tests.Shared;

namespace Pipeline.Build.Tests.Caching;

public sealed class VerifiedObjectsTests : SandboxTests
{
    private static readonly long AnHourAgo = DateTime.UtcNow.AddHours(-1).Ticks;
    private static readonly FileStamp Settled = new(7, AnHourAgo, AnHourAgo, 4242);
    private static readonly string First = new('a', 64);
    private static readonly string Second = new('b', 64);

    /// <summary>A store holds objects: its folder exists before anything in it is verified.</summary>
    internal override void Prepare(BuildSandbox emptySandbox) => Directory.CreateDirectory(emptySandbox.PathOf("store"));

    [Test]
    public void Should_HoldTheStampItRemembered_InALaterRun()
    {
        new VerifiedObjects(Sandbox.PathOf("store")).Remember(First, Settled);

        var later = new VerifiedObjects(Sandbox.PathOf("store"));

        Assert.That(later.Holds(First, Settled), Is.True);
        Assert.That(later.Holds(First, Settled with { ChangedTicks = Settled.ChangedTicks + 1 }), Is.False, "written since");
        Assert.That(later.Holds(First, Settled with { Inode = 4243 }), Is.False, "replaced since");
        Assert.That(later.Holds(Second, Settled), Is.False, "never verified");
    }

    [Test]
    public void Should_SkipALineTornByACrash_AndReadTheLinesAppendedAfterIt()
    {
        File.WriteAllText(Sandbox.PathOf($"store/{VerifiedObjects.FileName}"), $"{First}\t7\t{AnHourAgo}\t{AnHourAgo}\t42"); // no end of line: cut short
        new VerifiedObjects(Sandbox.PathOf("store")).Remember(Second, Settled);

        var later = new VerifiedObjects(Sandbox.PathOf("store"));

        Assert.That(later.Holds(First, Settled with { Inode = 42 }), Is.False, "the torn line and the next one run together, and neither reads");
        Assert.That(later.Holds(Second, Settled), Is.False);
        new VerifiedObjects(Sandbox.PathOf("store")).Remember(Second, Settled);
        Assert.That(new VerifiedObjects(Sandbox.PathOf("store")).Holds(Second, Settled), Is.True, "a line of its own reads again");
    }

    [Test]
    public void Should_NotRememberAStampFromWithinTheSettleTime()
    {
        var now = DateTime.UtcNow.Ticks;
        var objects = new VerifiedObjects(Sandbox.PathOf("store"));

        objects.Remember(First, new FileStamp(7, now, now, 4242));

        Assert.That(File.Exists(Sandbox.PathOf($"store/{VerifiedObjects.FileName}")), Is.False);
    }
}
