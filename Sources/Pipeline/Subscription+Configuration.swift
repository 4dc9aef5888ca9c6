import Rendering

extension BriefingConfiguration {
    /// The footer's subscription for this configuration's readers: the profile (when there is
    /// one), the file's name and the unsubscribe URL. Nil when the configuration names no
    /// recipient (`[email] to`) and no unsubscribe URL: a briefing nobody is sent has no footer.
    public func subscription(profile: String? = nil) -> Subscription? {
        guard !email.to.isEmpty || email.unsubscribe != nil else { return nil }
        return Subscription(profile: profile, configuration: fileName, unsubscribe: email.unsubscribe)
    }
}
