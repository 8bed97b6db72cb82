using RetroVue.Domain.Common;
using RetroVue.Domain.Scheduling;

namespace RetroVue.Tests.Scheduling;

public sealed class ChannelTests
{
    [Theory]
    [InlineData("2", 2, null)]
    [InlineData("2.1", 2, 1)]
    [InlineData(" 105 ", 105, null)]
    public void Channel_numbers_are_a_number_with_an_optional_sub_channel(string text, int major, int? minor)
    {
        var number = ChannelNumber.Parse(text);

        Assert.Equal((major, minor), (number.Major, number.Minor));
        Assert.Equal(text.Trim(), number.ToString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("2.")]
    [InlineData("2.1.1")]
    [InlineData("two")]
    [InlineData("")]
    public void Bad_channel_numbers_are_refused_with_a_clear_message(string text)
    {
        var error = Assert.Throws<DomainException>(() => ChannelNumber.Parse(text));
        Assert.Contains("not a valid channel number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_time_zone_is_refused_by_name()
    {
        var error = Assert.Throws<DomainException>(() => new Channel("C2.x.retrovue", ChannelNumber.Parse("2"), "Two", "Mars/Olympus"));
        Assert.Contains("'Mars/Olympus' is not a known time zone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_channel_starts_its_day_at_six_on_a_thirty_minute_grid()
    {
        var channel = new Channel("C2.x.retrovue", ChannelNumber.Parse("2"), "Two", "Europe/London");

        Assert.Equal(new TimeOnly(6, 0), channel.BroadcastDayStart);
        Assert.Equal(30, channel.GridMinutes);
        Assert.True(channel.Enabled);
        Assert.Equal(StreamingProfile.Default, channel.Profile);
    }

    [Theory]
    [InlineData(7, 6, 0)]
    [InlineData(30, 6, 15)]
    public void A_grid_must_divide_the_day_and_the_day_must_start_on_it(int grid, int hour, int minute)
    {
        var channel = new Channel("C2.x.retrovue", ChannelNumber.Parse("2"), "Two", "UTC");

        Assert.Throws<DomainException>(() => channel.SetClock(new TimeOnly(hour, minute), grid));
    }

    [Theory]
    [InlineData("C1")]
    [InlineData("c.")]
    [InlineData("a b.c")]
    public void Channel_ids_must_be_dotted_letters_digits_and_dashes(string id)
    {
        Assert.False(ChannelStableId.IsValid(id));
    }

    [Fact]
    public void A_minted_channel_id_is_valid_for_the_guide_and_stable_for_the_same_inputs()
    {
        var installation = Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff");

        var id = ChannelStableId.Mint(ChannelNumber.Parse("2.1"), installation);

        Assert.Equal("C2-1.6f9619ff.retrovue", id);
        Assert.True(ChannelStableId.IsValid(id));
    }

    [Fact]
    public void Names_with_commas_or_quotes_are_refused_because_players_split_on_them()
    {
        Assert.Throws<DomainException>(() => new Channel("C2.x.retrovue", ChannelNumber.Parse("2"), "News, Weather", "UTC"));
    }
}
