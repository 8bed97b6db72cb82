namespace RetroVue.Domain.Common;

/// <summary>A rule of the domain was broken; the message is meant for the operator.</summary>
public class DomainException(string message) : Exception(message);
