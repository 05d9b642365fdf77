package kb

import "strings"

// englishStopWords are English function words dropped by the analyzer, so
// that "I lost my licence" is matched on "lost" and "licence", not on "I"
// and "my". Paraphrases of both languages share one analyzer, so the list
// leaves out what French writes too: "a", "an" (a year), "as", "on", "me",
// "or", "but" (a goal), "no" (numéro), "don", "ours", the licence
// categories "am" and "be", and the single letters French elisions leave
// ("s", "t", "d", "m").
var englishStopWords = strings.Fields(`about above after again against all and any are aren at
	because been before being below between both by can cannot could couldn did didn do does doesn
	doing down during each few for from further had hadn has hasn have haven having he her here hers
	herself him himself his how i if im in into is isn it its itself ive just let ll may might more
	most must mustn my myself nor not of off once only other ought our ourselves out over own re
	same shall shan she should shouldn so some such than that the their theirs them themselves then
	there these they this those through to too under until up ve very was wasn we were weren what
	when where which while who whom why will with won would wouldn you your yours yourself yourselves
	dont cant wont didnt doesnt isnt arent wasnt werent havent hasnt hadnt shouldnt couldnt wouldnt
	youre youve theyre theyve weve thats whats hows whos heres theres ive`)

// englishForms read English spellings and inflections as one form, the way
// SMS reads French spellings: the French stemmer the index uses does not
// know that "license" is "licence" or "stolen" is "stole". Keys are words
// French does not write; they join SMS at start-up, so that paraphrases
// and messages alike go through them.
var englishForms = map[string]string{
	"license": "licence", "licenses": "licence", "licences": "licence", "licensed": "licence",
	"driver": "driving", "drivers": "driving", "stole": "stolen", "steal": "stolen", "stealing": "stolen",
	"theft": "stolen", "robbed": "stolen", "lose": "lost", "losing": "lost", "misplaced": "lost",
	"renewal": "renew", "renewing": "renew", "renewed": "renew", "renews": "renew",
	"registered": "registration", "register": "registration", "registering": "registration",
	"appointments": "appointment", "passports": "passport", "id": "identity",
	"replacement": "replace", "replacing": "replace", "replaced": "replace",
	"exchanging": "exchange", "exchanged": "exchange", "swap": "exchange", "swapping": "exchange",
	"moved": "move", "moving": "move", "changed": "change", "changing": "change",
	"applied": "apply", "applying": "apply", "application": "apply",
	"costs": "cost", "paying": "pay", "paid": "pay", "fees": "fee",
	"thx": "thanks", "thank": "thanks", "hey": "hello", "hi": "hello", "cheers": "thanks",
	// Past forms stay: "sold" and "bought" say which side of a sale one is
	// on, as "sell" and "buy" do not; "forgot" says nothing of the sort.
	"forgot": "forget", "forgotten": "forget",
	// SMS English: letters and shortenings for words
	"u": "you", "ur": "your", "pls": "", "plse": "", "pleeze": "", "thnx": "thanks", "tnx": "thanks",
	"ty": "thanks", "b4": "before", "cuz": "because", "coz": "because", "bc": "because",
	"abt": "about", "wat": "what", "wot": "what", "wen": "when", "hv": "have", "wanna": "want",
	"gonna": "going", "gotta": "must", "idk": "", "ppl": "people", "govt": "government",
	"gov": "government", "asap": "soon", "tmrw": "tomorrow", "yr": "year", "yrs": "years",
	"mths": "months", "wks": "weeks", "lisence": "licence", "licens": "licence",
}

func init() {
	for k, v := range englishForms {
		if _, taken := SMS[k]; !taken {
			SMS[k] = v
		}
	}
}
