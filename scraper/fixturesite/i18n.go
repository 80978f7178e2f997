package fixturesite

// Texts of the page chrome (menus, headings of the "at a glance" block,
// footer) in each language. Field and section labels come from the site
// model instead; these are the words around them.
var chrome = map[string]map[string]string{
	"en": {
		"skip": "Skip navigation", "menu": "Main menu", "about": "About", "members": "Our Members",
		"areas": "Policy Areas", "irm": "IRM", "search": "Search", "overview": "Overview",
		"glance": "At a Glance", "institutions": "Institutions", "review": "IRM Review",
		"design": "Design", "designTip": "Design of the commitment", "implementation": "Implementation",
		"implementationTip": "Implementation of the commitment", "privacy": "Privacy Policy",
		"trap":    "Do NOT follow this link or you will be banned from the site!",
		"contact": "Contact us", "share": "Share", "phone": "Call us", "top": "Back to top",
		"next": "Next page", "prev": "Previous page", "home": "Home", "staff": "Staff area",
		"tagline": "Open government is everyone's business.", "language": "Language",
		"notFound": "Page not found",
	},
	"fr": {
		"skip": "Ignorer la navigation", "menu": "Menu principal", "about": "À propos", "members": "Nos membres",
		"areas": "Domaines politiques", "irm": "IRM", "search": "Rechercher", "overview": "Vue d'ensemble",
		"glance": "D'un coup d'œil", "institutions": "Institutions", "review": "Revue IRM",
		"design": "Design", "designTip": "Conception", "implementation": "Exécution",
		"implementationTip": "Mise en œuvre", "privacy": "Politique de confidentialité",
		"trap":    "NE PAS suivre ce lien ou vous serez interdit sur le site!",
		"contact": "Nous contacter", "share": "Partager", "phone": "Appelez-nous", "top": "Haut de page",
		"next": "Page suivante", "prev": "Page précédente", "home": "Accueil", "staff": "Espace du personnel",
		"tagline":  "« Le gouvernement ouvert, c’est l’affaire de tous : le cœur d’une démocratie éclairée »",
		"language": "Langue", "notFound": "Page introuvable",
	},
	"es": {
		"skip": "Saltar la navegación", "menu": "Menú principal", "about": "Acerca de", "members": "Nuestros miembros",
		"areas": "Áreas de política", "irm": "IRM", "search": "Buscar", "overview": "Resumen",
		"glance": "De un vistazo", "institutions": "Instituciones", "review": "Revisión del IRM",
		"design": "Diseño", "designTip": "Diseño del compromiso", "implementation": "Implementación",
		"implementationTip": "Implementación del compromiso", "privacy": "Política de privacidad",
		"trap":    "¡NO siga este enlace o será expulsado del sitio!",
		"contact": "Contáctenos", "share": "Compartir", "phone": "Llámenos", "top": "Volver arriba",
		"next": "Página siguiente", "prev": "Página anterior", "home": "Inicio", "staff": "Área del personal",
		"tagline": "El gobierno abierto es asunto de todos.", "language": "Idioma",
		"notFound": "Página no encontrada",
	},
	"ko": {
		"skip": "탐색 건너뛰기", "menu": "주 메뉴", "about": "소개", "members": "회원국",
		"areas": "정책 분야", "irm": "IRM", "search": "검색", "overview": "개요",
		"glance": "한눈에 보기", "institutions": "기관", "review": "IRM 검토",
		"design": "설계", "designTip": "약속의 설계", "implementation": "이행",
		"implementationTip": "약속의 이행", "privacy": "개인정보 처리방침",
		"trap":    "이 링크를 따라가지 마십시오. 사이트에서 차단됩니다!",
		"contact": "문의하기", "share": "공유", "phone": "전화 문의", "top": "맨 위로",
		"next": "다음 페이지", "prev": "이전 페이지", "home": "홈", "staff": "직원 전용",
		"tagline": "열린 정부는 모두의 일입니다.", "language": "언어",
		"notFound": "페이지를 찾을 수 없습니다",
	},
}

// languageNames are the names the language switcher shows.
var languageNames = map[string]string{"en": "English", "fr": "Français", "es": "Español", "ko": "한국어"}

// htmlLangs are the <html lang> forms WordPress writes.
var htmlLangs = map[string]string{"en": "en-US", "fr": "fr-FR", "es": "es-ES", "ko": "ko-KR"}

// text returns a chrome text in lang, falling back to English.
func text(lang, key string) string {
	if t, ok := chrome[lang][key]; ok {
		return t
	}
	return chrome["en"][key]
}

// htmlLang returns the <html lang> value of a language.
func htmlLang(lang string) string {
	if l, ok := htmlLangs[lang]; ok {
		return l
	}
	return lang
}

// languageName returns the switcher name of a language.
func languageName(lang string) string {
	if n, ok := languageNames[lang]; ok {
		return n
	}
	return lang
}
