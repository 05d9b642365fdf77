package bot

import "strings"

// country is a country a foreign licence or vehicle can come from.
type country struct {
	name string // French name, as the bot repeats it
	zone string // kb slot zone: "ue" (EU and EEA) or "hors-ue"
}

// countryList names each country with the folded spellings citizens use:
// the country itself, then the adjectives (every gender and number is
// derived from the masculine by deriveAdjectives). France is listed so that
// "permis français" is not taken for an unknown country; it has no zone.
var countryList = []struct {
	c     country
	names string // folded, '|' between variants; multi-word names allowed
	adjs  string // folded masculine adjectives, '|' between variants
}{
	// European Union.
	{country{"Allemagne", "ue"}, "allemagne|rfa", "allemand"},
	{country{"Autriche", "ue"}, "autriche", "autrichien"},
	{country{"Belgique", "ue"}, "belgique", "belge"},
	{country{"Bulgarie", "ue"}, "bulgarie", "bulgare"},
	{country{"Chypre", "ue"}, "chypre", "chypriote"},
	{country{"Croatie", "ue"}, "croatie", "croate"},
	{country{"Danemark", "ue"}, "danemark", "danois"},
	{country{"Espagne", "ue"}, "espagne", "espagnol"},
	{country{"Estonie", "ue"}, "estonie", "estonien"},
	{country{"Finlande", "ue"}, "finlande", "finlandais"},
	{country{"Grèce", "ue"}, "grece", "grec|grecque"},
	{country{"Hongrie", "ue"}, "hongrie", "hongrois"},
	{country{"Irlande", "ue"}, "irlande", "irlandais"},
	{country{"Italie", "ue"}, "italie", "italien"},
	{country{"Lettonie", "ue"}, "lettonie", "letton"},
	{country{"Lituanie", "ue"}, "lituanie", "lituanien"},
	{country{"Luxembourg", "ue"}, "luxembourg", "luxembourgeois"},
	{country{"Malte", "ue"}, "malte", "maltais"},
	{country{"Pays-Bas", "ue"}, "pays bas|hollande|nederland", "neerlandais|hollandais"},
	{country{"Pologne", "ue"}, "pologne", "polonais"},
	{country{"Portugal", "ue"}, "portugal", "portugais"},
	{country{"République tchèque", "ue"}, "republique tcheque|tchequie", "tcheque"},
	{country{"Roumanie", "ue"}, "roumanie", "roumain"},
	{country{"Slovaquie", "ue"}, "slovaquie", "slovaque"},
	{country{"Slovénie", "ue"}, "slovenie", "slovene"},
	{country{"Suède", "ue"}, "suede", "suedois"},
	// European Economic Area outside the EU.
	{country{"Islande", "ue"}, "islande", "islandais"},
	{country{"Liechtenstein", "ue"}, "liechtenstein", "liechtensteinois"},
	{country{"Norvège", "ue"}, "norvege", "norvegien"},
	// Elsewhere.
	{country{"Suisse", "hors-ue"}, "suisse", "suisse|helvetique"},
	{country{"Royaume-Uni", "hors-ue"}, "royaume uni|angleterre|uk|grande bretagne|ecosse|pays de galles", "britannique|anglais|ecossais|gallois"},
	{country{"Algérie", "hors-ue"}, "algerie", "algerien"},
	{country{"Maroc", "hors-ue"}, "maroc", "marocain"},
	{country{"Tunisie", "hors-ue"}, "tunisie", "tunisien"},
	{country{"Sénégal", "hors-ue"}, "senegal", "senegalais"},
	{country{"Mali", "hors-ue"}, "mali", "malien"},
	{country{"Côte d'Ivoire", "hors-ue"}, "cote d ivoire|cote divoire", "ivoirien"},
	{country{"Cameroun", "hors-ue"}, "cameroun", "camerounais"},
	{country{"Congo", "hors-ue"}, "congo|rdc", "congolais"},
	{country{"Comores", "hors-ue"}, "comores", "comorien"},
	{country{"Madagascar", "hors-ue"}, "madagascar", "malgache"},
	{country{"Mauritanie", "hors-ue"}, "mauritanie", "mauritanien"},
	{country{"Guinée", "hors-ue"}, "guinee", "guineen"},
	{country{"Gabon", "hors-ue"}, "gabon", "gabonais"},
	{country{"Bénin", "hors-ue"}, "benin", "beninois"},
	{country{"Togo", "hors-ue"}, "togo", "togolais"},
	{country{"Burkina Faso", "hors-ue"}, "burkina|burkina faso", "burkinabe"},
	{country{"Niger", "hors-ue"}, "niger", "nigerien"},
	{country{"Tchad", "hors-ue"}, "tchad", "tchadien"},
	{country{"Égypte", "hors-ue"}, "egypte", "egyptien"},
	{country{"Turquie", "hors-ue"}, "turquie", "turc|turque"},
	{country{"Liban", "hors-ue"}, "liban", "libanais"},
	{country{"Syrie", "hors-ue"}, "syrie", "syrien"},
	{country{"Israël", "hors-ue"}, "israel", "israelien"},
	{country{"Iran", "hors-ue"}, "iran", "iranien"},
	{country{"Russie", "hors-ue"}, "russie", "russe"},
	{country{"Ukraine", "hors-ue"}, "ukraine", "ukrainien"},
	{country{"Moldavie", "hors-ue"}, "moldavie", "moldave"},
	{country{"Serbie", "hors-ue"}, "serbie", "serbe"},
	{country{"Albanie", "hors-ue"}, "albanie", "albanais"},
	{country{"Kosovo", "hors-ue"}, "kosovo", "kosovar"},
	{country{"Bosnie-Herzégovine", "hors-ue"}, "bosnie", "bosnien|bosniaque"},
	{country{"Macédoine du Nord", "hors-ue"}, "macedoine", "macedonien"},
	{country{"Monténégro", "hors-ue"}, "montenegro", "montenegrin"},
	{country{"Arménie", "hors-ue"}, "armenie", "armenien"},
	{country{"Géorgie", "hors-ue"}, "georgie", "georgien"},
	{country{"États-Unis", "hors-ue"}, "etats unis|usa|us|amerique|californie|floride|louisiane|pennsylvanie",
		"americain|etasunien|californien|floridien|louisianais"},
	{country{"Canada", "hors-ue"}, "canada|quebec", "canadien|quebecois"},
	{country{"Mexique", "hors-ue"}, "mexique", "mexicain"},
	{country{"Brésil", "hors-ue"}, "bresil", "bresilien"},
	{country{"Argentine", "hors-ue"}, "argentine", "argentin"},
	{country{"Colombie", "hors-ue"}, "colombie", "colombien"},
	{country{"Pérou", "hors-ue"}, "perou", "peruvien"},
	{country{"Chili", "hors-ue"}, "chili", "chilien"},
	{country{"Haïti", "hors-ue"}, "haiti", "haitien"},
	{country{"Chine", "hors-ue"}, "chine", "chinois"},
	{country{"Japon", "hors-ue"}, "japon", "japonais|nippon"},
	{country{"Corée du Sud", "hors-ue"}, "coree", "coreen"},
	{country{"Inde", "hors-ue"}, "inde", "indien"},
	{country{"Pakistan", "hors-ue"}, "pakistan", "pakistanais"},
	{country{"Sri Lanka", "hors-ue"}, "sri lanka", "sri lankais"},
	{country{"Viêt Nam", "hors-ue"}, "vietnam|viet nam", "vietnamien"},
	{country{"Thaïlande", "hors-ue"}, "thailande", "thailandais"},
	{country{"Philippines", "hors-ue"}, "philippines", "philippin"},
	{country{"Émirats arabes unis", "hors-ue"}, "emirats|dubai", "emirati"},
	{country{"Australie", "hors-ue"}, "australie", "australien"},
	{country{"Nouvelle-Zélande", "hors-ue"}, "nouvelle zelande", "neo zelandais"},
	{country{"Afrique du Sud", "hors-ue"}, "afrique du sud", "sud africain"},
	{country{"Andorre", "hors-ue"}, "andorre", "andorran"},
	{country{"Monaco", "hors-ue"}, "monaco", "monegasque"},
	{country{"Saint-Marin", "hors-ue"}, "saint marin", "saint marinais"},
	{country{"Biélorussie", "hors-ue"}, "bielorussie|belarus", "bielorusse"},
	{country{"Azerbaïdjan", "hors-ue"}, "azerbaidjan", "azerbaidjanais|azeri"},
	{country{"Kazakhstan", "hors-ue"}, "kazakhstan", "kazakh"},
	{country{"Ouzbékistan", "hors-ue"}, "ouzbekistan", "ouzbek"},
	{country{"Kirghizistan", "hors-ue"}, "kirghizistan", "kirghize"},
	{country{"Tadjikistan", "hors-ue"}, "tadjikistan", "tadjik"},
	{country{"Turkménistan", "hors-ue"}, "turkmenistan", "turkmene"},
	{country{"Libye", "hors-ue"}, "libye", "libyen"},
	{country{"Soudan", "hors-ue"}, "soudan", "soudanais"},
	{country{"Éthiopie", "hors-ue"}, "ethiopie", "ethiopien"},
	{country{"Érythrée", "hors-ue"}, "erythree", "erythreen|erythreenne"},
	{country{"Djibouti", "hors-ue"}, "djibouti", "djiboutien"},
	{country{"Somalie", "hors-ue"}, "somalie", "somalien"},
	{country{"Kenya", "hors-ue"}, "kenya", "kenyan"},
	{country{"Ouganda", "hors-ue"}, "ouganda", "ougandais"},
	{country{"Tanzanie", "hors-ue"}, "tanzanie", "tanzanien"},
	{country{"Rwanda", "hors-ue"}, "rwanda", "rwandais"},
	{country{"Burundi", "hors-ue"}, "burundi", "burundais"},
	{country{"Nigeria", "hors-ue"}, "nigeria", "nigerian"},
	{country{"Ghana", "hors-ue"}, "ghana", "ghaneen|ghaneenne"},
	{country{"Liberia", "hors-ue"}, "liberia", "liberien"},
	{country{"Sierra Leone", "hors-ue"}, "sierra leone", "sierra leonais"},
	{country{"Gambie", "hors-ue"}, "gambie", "gambien"},
	{country{"Guinée-Bissau", "hors-ue"}, "guinee bissau", "bissau guineen|bissau guineenne"},
	{country{"Guinée équatoriale", "hors-ue"}, "guinee equatoriale", "equato guineen|equato guineenne"},
	{country{"Cap-Vert", "hors-ue"}, "cap vert", "capverdien"},
	{country{"Centrafrique", "hors-ue"}, "centrafrique|republique centrafricaine", "centrafricain"},
	{country{"Angola", "hors-ue"}, "angola", "angolais"},
	{country{"Mozambique", "hors-ue"}, "mozambique", "mozambicain"},
	{country{"Zambie", "hors-ue"}, "zambie", "zambien"},
	{country{"Zimbabwe", "hors-ue"}, "zimbabwe", "zimbabween|zimbabweenne"},
	{country{"Maurice", "hors-ue"}, "ile maurice", "mauricien"},
	{country{"Seychelles", "hors-ue"}, "seychelles", "seychellois"},
	{country{"Jordanie", "hors-ue"}, "jordanie", "jordanien"},
	{country{"Irak", "hors-ue"}, "irak|iraq", "irakien"},
	{country{"Arabie saoudite", "hors-ue"}, "arabie saoudite", "saoudien"},
	{country{"Koweït", "hors-ue"}, "koweit", "koweitien"},
	{country{"Qatar", "hors-ue"}, "qatar", "qatari|qatarien"},
	{country{"Bahreïn", "hors-ue"}, "bahrein", "bahreini|bahreinien"},
	{country{"Oman", "hors-ue"}, "oman", "omanais"},
	{country{"Yémen", "hors-ue"}, "yemen", "yemenite"},
	{country{"Afghanistan", "hors-ue"}, "afghanistan", "afghan"},
	{country{"Bangladesh", "hors-ue"}, "bangladesh", "bangladais|bangladeshi"},
	{country{"Népal", "hors-ue"}, "nepal", "nepalais"},
	{country{"Indonésie", "hors-ue"}, "indonesie", "indonesien"},
	{country{"Malaisie", "hors-ue"}, "malaisie", "malaisien"},
	{country{"Singapour", "hors-ue"}, "singapour", "singapourien"},
	{country{"Taïwan", "hors-ue"}, "taiwan", "taiwanais"},
	{country{"Cambodge", "hors-ue"}, "cambodge", "cambodgien"},
	{country{"Laos", "hors-ue"}, "laos", "laotien"},
	{country{"Birmanie", "hors-ue"}, "birmanie|myanmar", "birman"},
	{country{"Mongolie", "hors-ue"}, "mongolie", "mongol"},
	{country{"Cuba", "hors-ue"}, "cuba", "cubain"},
	{country{"République dominicaine", "hors-ue"}, "republique dominicaine", "dominicain"},
	{country{"Jamaïque", "hors-ue"}, "jamaique", "jamaicain"},
	{country{"Venezuela", "hors-ue"}, "venezuela", "venezuelien"},
	{country{"Équateur", "hors-ue"}, "equateur", "equatorien"},
	{country{"Bolivie", "hors-ue"}, "bolivie", "bolivien"},
	{country{"Paraguay", "hors-ue"}, "paraguay", "paraguayen"},
	{country{"Uruguay", "hors-ue"}, "uruguay", "uruguayen"},
	{country{"Panama", "hors-ue"}, "panama", "panameen|panameenne"},
	{country{"Costa Rica", "hors-ue"}, "costa rica", "costaricien"},
	{country{"Guatemala", "hors-ue"}, "guatemala", "guatemalteque"},
	{country{"Honduras", "hors-ue"}, "honduras", "hondurien"},
	{country{"Salvador", "hors-ue"}, "salvador", "salvadorien"},
	{country{"Nicaragua", "hors-ue"}, "nicaragua", "nicaraguayen"},
	{country{"Botswana", "hors-ue"}, "botswana", "botswanais"},
	{country{"Namibie", "hors-ue"}, "namibie", "namibien"},
	{country{"Malawi", "hors-ue"}, "malawi", "malawite|malawien"},
	{country{"Lesotho", "hors-ue"}, "lesotho", ""},
	{country{"Eswatini", "hors-ue"}, "eswatini|swaziland", "swazi"},
	{country{"Brunei", "hors-ue"}, "brunei", "bruneien"},
	{country{"Bhoutan", "hors-ue"}, "bhoutan", "bhoutanais"},
	{country{"Maldives", "hors-ue"}, "maldives", "maldivien"},
	{country{"Fidji", "hors-ue"}, "fidji", "fidjien"},
	{country{"Trinité-et-Tobago", "hors-ue"}, "trinite et tobago|trinidad", "trinidadien"},
	{country{"Bahamas", "hors-ue"}, "bahamas", "bahamien"},
	{country{"Barbade", "hors-ue"}, "barbade", "barbadien"},
	{country{"Belize", "hors-ue"}, "belize", "belizien"},
	{country{"Suriname", "hors-ue"}, "suriname", "surinamais"},
	{country{"Palestine", "hors-ue"}, "palestine", "palestinien"},
	{country{"France", ""}, "france|metropole", "francais"},
	// "Le bled" is home, somewhere out of Europe.
	{country{"votre pays d'origine", "hors-ue"}, "bled", ""},
}

// countryNames maps a folded name or adjective (one or more words, joined
// by spaces) to its country; countryMaxWords is the longest in words.
var countryNames, countryMaxWords = func() (map[string]country, int) {
	out := map[string]country{}
	longest := 1
	add := func(name string, c country) {
		out[name] = c
		longest = max(longest, len(strings.Fields(name)))
	}
	for _, l := range countryList {
		for _, n := range strings.Split(l.names, "|") {
			add(n, l.c)
		}
		for _, a := range strings.Split(l.adjs, "|") {
			if a == "" {
				continue
			}
			for _, form := range deriveAdjectives(a) {
				add(form, l.c)
			}
		}
		if en := englishCountries[l.c.name]; en != "" {
			for _, n := range strings.Split(en, "|") {
				if _, french := out[n]; !french {
					add(n, l.c)
				}
			}
		}
	}
	return out, longest
}()

// foreignAdjectives are the forms of the adjectives of nationality of
// every country but France, folded ("marocain", "algeriennes").
var foreignAdjectives = func() map[string]bool {
	out := map[string]bool{}
	for _, l := range countryList {
		for _, a := range strings.Split(l.adjs, "|") {
			if a == "" || l.c.name == "France" {
				continue
			}
			for _, form := range deriveAdjectives(a) {
				out[form] = true
			}
		}
	}
	return out
}()

// englishForeign are the one-word English names and adjectives of every
// country but France that are not also French names ("american",
// "moroccan", but not "canada"): "my American passport".
var englishForeign = func() map[string]bool {
	french := map[string]bool{}
	for _, l := range countryList {
		for _, n := range strings.Split(l.names, "|") {
			french[n] = true
		}
	}
	out := map[string]bool{}
	for name, en := range englishCountries {
		if name == "France" {
			continue
		}
		for _, v := range strings.Split(en, "|") {
			if !strings.Contains(v, " ") && !french[v] {
				out[v] = true
			}
		}
	}
	return out
}()

// countryFirstWords are the first words of the names of several words.
var countryFirstWords = func() map[string]bool {
	out := map[string]bool{}
	for name := range countryNames {
		if f := strings.Fields(name); len(f) > 1 {
			out[f[0]] = true
		}
	}
	return out
}()

// deriveAdjectives returns the four forms of a masculine adjective of
// nationality: allemand, allemande, allemands, allemandes; algérien,
// algérienne... ("belge" and "suisse" end in e and change only in number).
func deriveAdjectives(m string) []string {
	words := strings.Fields(m)
	last := words[len(words)-1]
	prefix := strings.Join(words[:len(words)-1], " ")
	if prefix != "" {
		prefix += " "
	}
	var forms []string
	switch {
	case strings.HasSuffix(last, "e"):
		forms = []string{last, last + "s"}
	case strings.HasSuffix(last, "s"): // danois, anglais
		forms = []string{last, last + "e", last + "es"}
	case strings.HasSuffix(last, "ien"), strings.HasSuffix(last, "on"): // algerien, letton
		forms = []string{last, last + "s", last + "ne", last + "nes"}
	case strings.HasSuffix(last, "c"): // grec (grecque is listed)
		forms = []string{last, last + "s"}
	default:
		forms = []string{last, last + "s", last + "e", last + "es"}
	}
	for i := range forms {
		forms[i] = prefix + forms[i]
	}
	return forms
}

// nationalitySuffixes end most French adjectives of nationality: an
// unknown word with one of them right after a document ("permis
// wakandais") is an unknown country.
var nationalitySuffixes = []string{"ien", "ienne", "iens", "iennes", "ais", "aise", "aises", "ain", "aine", "ains", "aines", "ois", "oise", "oises"}

// notNationality are common words with those endings that follow a
// document or vehicle without naming a country.
var notNationality = setOf("ancien ancienne anciens anciennes quotidien certain certaine certains prochain prochaine " +
	"urbain humain lointain mais jamais frais mauvais mauvaise europeen europeenne europeens international " +
	"internationale mien sien tien vrai aucun chez francais francaise etranger etrangere etrangers militaire " +
	"plusieurs trois mois fois anglaise quelques vieux vieille bien rien ainsi moins plus sais veux suis " +
	"parisien parisienne lyonnais lyonnaise marseillais marseillaise parce depuis apres grand grande")

func setOf(words string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(words) {
		out[w] = true
	}
	return out
}

// looksLikeNationality reports whether w has the shape of an adjective of
// nationality the table does not know.
func looksLikeNationality(w string) bool {
	if len(w) < 5 || notNationality[w] {
		return false
	}
	for _, s := range nationalitySuffixes {
		if strings.HasSuffix(w, s) {
			return true
		}
	}
	return false
}

// foreignCities are foreign cities where people from France often travel
// or live, folded, one or two words: "volé à Barcelone" happened abroad.
// Names that are also French places or common words (Valence, Vienne,
// Florence, Sydney, Split, Crète...) are left out.
var foreignCities = func() map[string]bool {
	out := map[string]bool{}
	for _, c := range strings.Split("barcelone|madrid|seville|malaga|valencia|ibiza|majorque|minorque|tenerife|"+
		"benidorm|salou|lloret de mar|lisbonne|porto|faro|londres|edimbourg|dublin|bruxelles|bruges|anvers|"+
		"amsterdam|rotterdam|berlin|munich|francfort|hambourg|cologne|rome|milan|venise|naples|turin|"+
		"athenes|mykonos|santorin|prague|budapest|varsovie|cracovie|dubrovnik|copenhague|stockholm|oslo|"+
		"helsinki|geneve|lausanne|zurich|istanbul|antalya|marrakech|marrakesh|casablanca|rabat|agadir|"+
		"essaouira|tanger|fes|alger|oran|tunis|djerba|hammamet|sousse|dakar|abidjan|le caire|dubai|"+
		"doha|bangkok|phuket|bali|tokyo|pekin|shanghai|hong kong|singapour|montreal|new york|miami|"+
		"los angeles|san francisco|las vegas|cancun|punta cana|buenos aires|rio de janeiro|"+
		// English spellings, and cities French people settle in
		"london|brussels|lisbon|vienna|geneva|venice|athens|warsaw|copenhagen|cairo|beijing|quebec|toronto|"+
		"vancouver|sydney|melbourne|new delhi|mumbai", "|") {
		out[c] = true
	}
	return out
}()

// foreignCityAt reports whether a foreign city's name starts at w[i].
func foreignCityAt(w []string, i int) bool {
	if foreignCities[w[i]] {
		return true
	}
	if i+1 < len(w) && foreignCities[w[i]+" "+w[i+1]] {
		return true
	}
	return i+2 < len(w) && foreignCities[w[i]+" "+w[i+1]+" "+w[i+2]]
}
