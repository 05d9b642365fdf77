package fakegraph

// Fault makes the fake answer a request with an error instead of
// accepting it.
type Fault struct {
	// Code, Subcode and Transient fill Meta's error JSON, answered with
	// Status (400 by default, as Meta does even for transient errors).
	Code      int
	Subcode   int
	Transient bool
	Status    int
	// NoBody answers Status with a plain-text body, as a proxy in front
	// of Meta would (5xx pages).
	NoBody bool
	// Stall holds the request without answering until the client gives
	// up or the fake closes.
	Stall bool
	// Route limits the fault to one route: RouteMessages (text),
	// RouteActions (sender actions), RouteProfile; empty for any.
	Route string
}

// Routes a Fault may target.
const (
	RouteMessages = "messages"
	RouteActions  = "actions"
	RouteProfile  = "profile"
)

// The error rows of Meta's Send API documentation, as the fake injects them.
var (
	ErrWindow      = Fault{Code: 10, Subcode: 2018278}  // outside the allowed window
	ErrBlocked     = Fault{Code: 551}                   // person not receiving messages
	ErrBlockedUser = Fault{Code: 200, Subcode: 1545041} // person not receiving messages
	ErrBlockedPerm = Fault{Code: 10, Subcode: 2018108}  // person not receiving messages
	ErrUnexpected  = Fault{Code: 2, Transient: true}    // unexpected error
	ErrRateApp     = Fault{Code: 4, Transient: true}    // application rate limit
	ErrRateUser    = Fault{Code: 17, Transient: true}   // user rate limit
	ErrRatePage    = Fault{Code: 32, Transient: true}   // page rate limit
	ErrRateCalls   = Fault{Code: 613, Transient: true}  // calls per hour
	ErrTemporary   = Fault{Code: 1200, Transient: true} // temporary send failure
	ErrNoUser      = Fault{Code: 100, Subcode: 2018001} // no matching user
	ErrToken       = Fault{Code: 190, Subcode: 463}     // token expired
	ErrUnavailable = Fault{Status: 503, NoBody: true}   // a 5xx without Graph JSON
	ErrInternal    = Fault{Status: 500, Code: 1, Transient: true}
	Stall          = Fault{Stall: true}
)

var faultMessages = map[int]string{
	2:    "An unexpected error has occurred. Please retry your request later.",
	4:    "Application request limit reached",
	10:   "This message is sent outside of allowed window.",
	17:   "User request limit reached",
	32:   "Page request limit reached",
	100:  "No matching user found",
	190:  "Error validating access token: Session has expired.",
	200:  "This person isn't available right now.",
	551:  "This person isn't available right now.",
	613:  "Calls to this api have exceeded the rate limit.",
	1200: "Temporary send message failure. Please try again later",
}

var faultTypes = map[int]string{190: "OAuthException", 100: "OAuthException", 10: "OAuthException",
	200: "OAuthException", 4: "OAuthException", 17: "OAuthException", 32: "OAuthException", 613: "OAuthException"}
