package bot

// What the assistant says when it is not answering from an entry. Kept in
// one place so that editors can review the tone.
const (
	textTooLong = "Votre message est trop long pour moi (%d caractères). Pouvez-vous le résumer " +
		"en quelques phrases, %d caractères au plus ?"
	textEmpty       = "Je n'ai pas reçu de texte. Posez votre question en quelques mots, par exemple « carte grise perdue »."
	textAttachments = "Je ne peux pas lire les pièces jointes (photos, fichiers, vocaux). Décrivez votre " +
		"question par écrit ; un conseiller pourra vous demander un document si besoin."
	textClarify  = "Je veux être sûr de bien comprendre. Vouliez-vous dire :"
	textClarify1 = "Je ne suis pas certain d'avoir compris. Vouliez-vous dire :"
	textFallback = "Je ne suis pas sûr de comprendre. Je réponds aux questions sur le permis de conduire, " +
		"la carte grise, la carte d'identité et le passeport. Pouvez-vous reformuler en quelques mots " +
		"(par exemple « permis perdu » ou « changement d'adresse carte grise ») ?"
	textOutOfScope = "Je crains que cette question ne relève pas de mes compétences : je réponds aux questions " +
		"sur le permis de conduire, la carte grise, la carte d'identité et le passeport. Vous pouvez " +
		"reformuler, ou parler à un conseiller."
	textOtherTitle = "Ce titre n'est pas délivré par l'ANTS (France Titres), qui ne s'occupe que du permis de " +
		"conduire, de la carte grise, de la carte d'identité et du passeport français. Adressez-vous à " +
		"l'organisme qui le délivre : https://www.service-public.fr/ indique la démarche et le service " +
		"compétent. Avez-vous une question sur l'un de ces quatre documents ?"
	textKnownGap = "Je n'ai pas encore de réponse vérifiée sur ce point précis, et je préfère ne pas vous " +
		"répondre à côté. Un conseiller peut vous répondre : choisissez « Parler à un conseiller », ou posez " +
		"une autre question."
	textEscalateLow = "Je ne trouve pas de réponse sûre à votre question. Je la transmets à un conseiller, " +
		"avec notre échange pour que vous n'ayez pas à tout répéter."
	textEscalateAsk = "Je transmets votre demande à un conseiller, avec notre échange."
	textNoHumans    = "Aucun conseiller n'est joignable depuis ce canal. Vous pouvez appeler le 34 00 " +
		"(depuis la France métropolitaine) ou le 09 70 83 07 07 (outre-mer et étranger), du lundi au samedi."
	textOther        = "Je vous écoute : posez votre question en quelques mots."
	textAlreadyRated = "Merci, votre évaluation de cette demande est déjà enregistrée."
	textTrack        = "Quelle demande voulez-vous suivre ?"
	textNext         = "La réponse ci-dessus décrit toute la démarche. Selon votre situation, la suite peut être l'une de ces démarches :"
	textGreeting     = "Bonjour, je suis l'assistant Guichet (un robot). Je réponds aux questions sur le permis de conduire, la carte grise, la carte d'identité et le passeport. Un conseiller peut prendre le relais si besoin. Quelle est votre question ?"
	textWhatWeAre    = "Je suis l'assistant Guichet, un robot : mes réponses sont automatiques. Je réponds aux questions sur le permis de conduire, la carte grise, la carte d'identité et le passeport. Si vous préférez échanger avec une personne, choisissez « Parler à un conseiller »."
	labelHuman       = "Parler à un conseiller"
	labelOther       = "Autre question"
	labelMore        = "Voir aussi : "
	labelOptionNo    = "Aucune de ces réponses"
)
