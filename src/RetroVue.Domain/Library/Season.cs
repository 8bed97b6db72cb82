namespace RetroVue.Domain.Library;

/// <summary>A numbered season of a show; season 0 holds the specials.</summary>
public sealed class Season
{
    private Season()
    {
    }

    public Season(Guid titleId, int number)
    {
        Id = Guid.NewGuid();
        TitleId = titleId;
        Number = number;
    }

    public Guid Id { get; private set; }
    public Guid TitleId { get; private set; }
    public int Number { get; private set; }
    public string? Name { get; set; }

    public bool IsSpecials => Number == 0;
}
