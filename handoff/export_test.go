package handoff

// Running is closed once Run listens to the bus, so that tests do not
// publish before the consoles' hub can hear it.
func (s *Service) Running() <-chan struct{} { return s.running }
