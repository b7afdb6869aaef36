import ArgumentParser
import PolicyCore

extension AdmissionConfiguration.OverlapMode: ExpressibleByArgument {}
extension AdmissionConfiguration.UnsyncedPolicy: ExpressibleByArgument {}
extension AdmissionConfiguration.Enforcement: ExpressibleByArgument {}
