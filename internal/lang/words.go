package lang

// The word lists leave out words both languages write in support messages:
// "a", "an" (French "an", year), "on", "me", "car" (French "because"),
// "fine", "site", "service", "message", "question", "date", "police",
// "agent", "photo", "code", "ok", "week", "end" (French "week-end"),
// "mail", "email", "parking", "stop", "bug", "permis" and "passport"
// look alike but are spelled apart and stay.

// frenchWords are French function words, everyday words of the agency's
// procedures and SMS spellings.
var frenchWords = weighted(map[float64]string{
	1: "le la les de des du un une et est je tu il elle nous vous ils elles mon ma mes ton ta tes " +
		"son sa ses notre nos votre vos leur leurs ce cet cette ces qui que quoi quand comment pourquoi " +
		"ou dans sur avec sans pour par pas plus ne au aux si mais donc oui non merci bonjour bonsoir " +
		"salut bonne journee soiree faire fait fais faut suis ai avez avons ont sont etait etre avoir " +
		"peux peut pouvez veux veut voudrais voulais dois doit besoin quel quelle quels quelles depuis " +
		"encore toujours rien tout tous toute toutes deja apres avant aussi tres bien mal ca cela ceci " +
		"chez moi toi lui eux leur y qu j l c n jai cest ya jsuis chui jsui svp stp slt bjr bsr " +
		"pk pq pkoi koi kel kelle mrc mci dsl tt ds vs ns qqn qqch jveux jpeux jvoudrais g dc auj ajd " +
		"mtn tjrs tjs qd nn wi ouais bcp pr jsp perdu perdue vole volee permis carte cartes grise " +
		"passeport identite demande demandes refaire renouveler renouvellement rendez vous mairie " +
		"prefecture timbre perte vol voiture vehicule adresse nouveau nouvelle ancien ancienne " +
		"numero dossier compte recu reçu envoye combien temps jours mois semaines annee ans delai " +
		"conduire conduite immatriculation certificat proprietaire achat vente acheter vendre payer " +
		"gratuit cher prix coute aide aider aidez madame monsieur parler quelqu conseiller humain " +
		"personne mettre mis trouve retrouve plus jamais autre autres meme quelque chose comme alors " +
		"puis enfin voila rien beaucoup peu trop moins entre sous vers contre pendant selon " +
		"echanger echange etranger etrangere francais francaise anglais anglaise parle parlez " +
		"ecrire ecrit repondre reponse attendre attente bloque marche fonctionne erreur aucun aucune " +
		"mes votre voir vu su dit dire sais savoir connais trop juste vraiment fils fille mari femme " +
		"enfant enfants pere mere coucou revoir bientot desole vite obtenir recevoir " +
		"perdre voler cambriole declarer plainte commissariat gendarmerie habite habiter " +
		"demenage demenagement changer changement nom naissance mariage en suivi cni cg duplicata " +
		"immatriculer immat moto neuve neuf solde points point permi contester pv casser lien " +
		"officiel officielle connexion inscription emploi taxe habitation impots pret immobilier " +
		"taux meteo allez cerfa mineur mineure sortie territoire autorisation recrutement liste " +
		"agree particulier interdiction pilote voyage rdv",
	2: "je j jai cest suis est les des une du mon ma mes vous votre comment pourquoi quoi pas merci " +
		"bonjour svp stp",
})

// englishWords are English function words and everyday words of the
// agency's procedures as foreigners ask about them.
var englishWords = weighted(map[float64]string{
	1: "i im ive id my the is are was were been being do does did doesn didn isn " +
		"aren wasn have has had having what whats how why when where wheres who whom which whose can " +
		"cant could couldn would wouldn should shouldn will won shall must might may want wanted need " +
		"needs needed get got gotten getting lost lose losing stolen stole steal theft licence license " +
		"licences licenses driving driver drivers passport passports card cards registration " +
		"vehicle vehicles renew renewal renewing appointment pls plz thanks thank thx cheers " +
		"you your yours hi hello hey bye goodbye yes yeah yep nope not and or of to in for from with " +
		"about this that these those it its there here some any new old help talk speak speaking " +
		"person real someone somebody anyone human we they he she our their them him her at by if " +
		"so just also still already again since ago days months month year years living live lives " +
		"moved move moving address exchange swap uk british england english french " +
		"send sent received receive done online website form fee fees cost costs much many take " +
		"takes wait waiting sorry good great morning evening afternoon know tell say said find " +
		"missing anymore buy sell sold bought pay paid stamp tax number request application apply " +
		"status yet then than because all like lots really over after before during while " +
		"ll ve sir madam hour hours today tomorrow yesterday citizen " +
		"abroad foreign foreigner settle settled settling living permit " +
		"expired expires expiry valid validity paper papers identity " +
		"wallet bag stuck problem problems works working work doesnt cannot seems understand " +
		"reply answer language translate",
	2: "i the my is are what how can thanks thank you please hi hello",
	1.5: "helpful useful day see later adult adults child children kid kids daughter wife husband " +
		"married birth certificate town hall city exam school password account says show shows error bank",
})

// neutralWords are never evidence, even when the knowledge base's French
// paraphrases use them: names and words both languages write.
var neutralWords = weighted(map[float64]string{1: "france ants site web email mail car van test stage " +
	"code service photo police agent date message question parking stop bug taxi camping camper euro euros " +
	"uber vtc paris lyon marseille bordeaux lille toulouse nantes nice ok okay malus bonus internet " +
	"smartphone app application online titres"})
