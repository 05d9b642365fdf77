package bot

// englishCountries are the English names and adjectives of the countries
// of countryList, by their French name, folded, '|' between variants:
// "my Italian licence", "stolen in Spain". English adjectives do not
// change with gender or number.
var englishCountries = map[string]string{
	"Allemagne": "germany|german", "Autriche": "austria|austrian", "Belgique": "belgium|belgian",
	"Bulgarie": "bulgaria|bulgarian", "Chypre": "cyprus|cypriot", "Croatie": "croatia|croatian",
	"Danemark": "denmark|danish", "Espagne": "spain|spanish", "Estonie": "estonia|estonian",
	"Finlande": "finland|finnish", "Grèce": "greece|greek", "Hongrie": "hungary|hungarian",
	"Irlande": "ireland|irish", "Italie": "italy|italian", "Lettonie": "latvia|latvian",
	"Lituanie": "lithuania|lithuanian", "Malte": "malta|maltese", "Pays-Bas": "netherlands|holland|dutch",
	"Pologne": "poland|polish", "République tchèque": "czech republic|czechia|czech",
	"Roumanie": "romania|romanian", "Slovaquie": "slovakia|slovak|slovakian", "Slovénie": "slovenia|slovenian",
	"Suède": "sweden|swedish", "Islande": "iceland|icelandic", "Norvège": "norway|norwegian",
	"Suisse": "switzerland|swiss",
	"Royaume-Uni": "united kingdom|great britain|britain|england|scotland|wales|northern ireland|english|" +
		"scottish|welsh|brit",
	"Algérie": "algeria|algerian", "Maroc": "morocco|moroccan", "Tunisie": "tunisia|tunisian",
	"Sénégal": "senegalese", "Côte d'Ivoire": "ivory coast|ivorian", "Cameroun": "cameroon|cameroonian",
	"Congo": "congolese", "Comores": "comoros|comorian", "Madagascar": "malagasy",
	"Mauritanie": "mauritania|mauritanian", "Guinée": "guinea|guinean", "Gabon": "gabonese",
	"Bénin": "beninese", "Togo": "togolese", "Niger": "nigerien", "Tchad": "chad|chadian",
	"Égypte": "egypt|egyptian", "Turquie": "turkey|turkish|turkiye", "Liban": "lebanon|lebanese",
	"Syrie": "syria|syrian", "Israël": "israeli", "Iran": "iranian", "Russie": "russia|russian",
	"Ukraine": "ukrainian", "Moldavie": "moldova|moldovan", "Serbie": "serbia|serbian",
	"Albanie": "albania|albanian", "Bosnie-Herzégovine": "bosnia|bosnian",
	"Macédoine du Nord": "north macedonia|macedonia|macedonian", "Monténégro": "montenegrin",
	"Arménie": "armenia|armenian", "États-Unis": "united states|america|american|u s a|" +
		// the states whose names are no other place, person or French word
		// ("Georgia", "Virginia", "Maine", "Washington" are left out): a licence
		// is issued by a state
		"texas|texan|california|californian|florida|floridian|new york|new jersey|pennsylvania|ohio|" +
		"michigan|illinois|arizona|nevada|colorado|oregon|utah|massachusetts|louisiana|hawaii|alaska|" +
		"minnesota|wisconsin|tennessee|kentucky|alabama|oklahoma|kansas|nebraska|iowa|idaho|wyoming|" +
		"connecticut|north carolina|south carolina|missouri|arkansas|mississippi|delaware|maryland|" +
		"new hampshire|new mexico|north dakota|south dakota|rhode island|west virginia",
	"Canada": "canadian|quebecer|quebecker", "Mexique": "mexico|mexican", "Brésil": "brazil|brazilian",
	"Argentine": "argentina|argentinian", "Colombie": "colombia|colombian", "Pérou": "peru|peruvian",
	"Chili": "chile|chilean", "Haïti": "haitian", "Chine": "china|chinese", "Japon": "japan|japanese",
	"Corée du Sud": "south korea|korea|korean", "Inde": "india|indian", "Pakistan": "pakistani",
	"Sri Lanka": "sri lankan", "Viêt Nam": "vietnamese", "Thaïlande": "thailand|thai",
	"Philippines": "filipino", "Émirats arabes unis": "uae|united arab emirates",
	"Australie": "australia|australian", "Nouvelle-Zélande": "new zealand|new zealander|kiwi",
	"Afrique du Sud": "south africa|south african",
	"Andorre":        "andorra", "Saint-Marin": "san marino", "Biélorussie": "belarusian",
	"Azerbaïdjan": "azerbaijan|azerbaijani", "Kazakhstan": "kazakhstani", "Ouzbékistan": "uzbekistan",
	"Kirghizistan": "kyrgyzstan|kyrgyz", "Tadjikistan": "tajikistan|tajik", "Turkménistan": "turkmen",
	"Libye": "libya|libyan", "Soudan": "sudan|sudanese", "Éthiopie": "ethiopia|ethiopian",
	"Érythrée": "eritrea|eritrean", "Djibouti": "djiboutian", "Somalie": "somalia|somali",
	"Ouganda": "uganda|ugandan", "Tanzanie": "tanzania|tanzanian", "Rwanda": "rwandan",
	"Burundi": "burundian", "Ghana": "ghanaian", "Liberia": "liberian", "Sierra Leone": "sierra leonean",
	"Gambie": "gambia|gambian", "Guinée-Bissau": "guinea bissau", "Guinée équatoriale": "equatorial guinea",
	"Cap-Vert": "cape verde|cabo verde|cape verdean", "Centrafrique": "central african republic",
	"Angola": "angolan", "Mozambique": "mozambican", "Zambie": "zambia|zambian", "Zimbabwe": "zimbabwean",
	"Maurice": "mauritius", "Seychelles": "seychellois", "Jordanie": "jordanian",
	"Irak": "iraqi", "Arabie saoudite": "saudi arabia|saudi", "Koweït": "kuwait|kuwaiti",
	"Bahreïn": "bahrain|bahraini", "Oman": "omani", "Yémen": "yemeni",
	"Bangladesh": "bangladeshi", "Népal": "nepalese|nepali", "Indonésie": "indonesia|indonesian",
	"Malaisie": "malaysia|malaysian", "Singapour": "singapore|singaporean", "Taïwan": "taiwanese",
	"Cambodge": "cambodia|cambodian", "Laos": "laotian", "Birmanie": "burma|burmese",
	"Mongolie": "mongolia|mongolian", "Cuba": "cuban", "République dominicaine": "dominican republic",
	"Jamaïque": "jamaica|jamaican", "Venezuela": "venezuelan", "Équateur": "ecuador|ecuadorian",
	"Bolivie": "bolivia|bolivian", "Paraguay": "paraguayan", "Uruguay": "uruguayan",
	"Panama": "panamanian", "Costa Rica": "costa rican", "Guatemala": "guatemalan",
	"Honduras": "honduran", "Salvador": "el salvador|salvadoran", "Nicaragua": "nicaraguan",
	"Botswana": "botswanan", "Namibie": "namibia|namibian", "Malawi": "malawian", "Brunei": "bruneian",
	"Bhoutan": "bhutan|bhutanese", "Maldives": "maldivian", "Fidji": "fiji|fijian",
	"Trinité-et-Tobago": "trinidad and tobago|trinidadian", "Bahamas": "bahamian", "Barbade": "barbados|barbadian",
	"Belize": "belizean", "Suriname": "surinamese", "Palestine": "palestinian",
}
