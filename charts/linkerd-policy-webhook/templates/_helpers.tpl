{{/* Chart name, truncated to a DNS label. */}}
{{- define "lpw.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name used as the prefix of every resource. */}}
{{- define "lpw.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels every resource carries. */}}
{{- define "lpw.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "lpw.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: admission-webhook
{{- end }}

{{/* Labels that select the webhook's pods. */}}
{{- define "lpw.selectorLabels" -}}
app.kubernetes.io/name: {{ include "lpw.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The ServiceAccount the pods run as. */}}
{{- define "lpw.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "lpw.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret holding tls.crt and tls.key that the server mounts. */}}
{{- define "lpw.tlsSecretName" -}}
{{- if eq .Values.certs.mode "existingSecret" }}
{{- required "certs.existingSecret.name is required when certs.mode is existingSecret" .Values.certs.existingSecret.name }}
{{- else }}
{{- printf "%s-tls" (include "lpw.fullname" .) }}
{{- end }}
{{- end }}

{{/* The Service's DNS name, which the serving certificate must name. */}}
{{- define "lpw.serviceHost" -}}
{{- printf "%s.%s.svc" (include "lpw.fullname" .) .Release.Namespace }}
{{- end }}

{{/* The image reference: digest wins over tag; the tag defaults to appVersion. */}}
{{- define "lpw.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* Fails rendering with a clear message when a value is outside its allowed set. */}}
{{- define "lpw.validateValues" -}}
{{- if not (has .Values.certs.mode (list "helm" "certManager" "existingSecret")) }}
{{- fail (printf "certs.mode must be helm, certManager or existingSecret, not %q" .Values.certs.mode) }}
{{- end }}
{{- if not (has .Values.server.overlap (list "deny" "warn")) }}
{{- fail (printf "server.overlap must be deny or warn, not %q" .Values.server.overlap) }}
{{- end }}
{{- if not (has .Values.server.unsynced (list "deny" "allow")) }}
{{- fail (printf "server.unsynced must be deny or allow, not %q" .Values.server.unsynced) }}
{{- end }}
{{- if not (has .Values.webhook.failurePolicy (list "Fail" "Ignore")) }}
{{- fail (printf "webhook.failurePolicy must be Fail or Ignore, not %q" .Values.webhook.failurePolicy) }}
{{- end }}
{{- if or (lt (int .Values.webhook.timeoutSeconds) 1) (gt (int .Values.webhook.timeoutSeconds) 30) }}
{{- fail "webhook.timeoutSeconds must be between 1 and 30" }}
{{- end }}
{{- if not (has .Values.podAntiAffinity (list "soft" "hard" "none")) }}
{{- fail (printf "podAntiAffinity must be soft, hard or none, not %q" .Values.podAntiAffinity) }}
{{- end }}
{{- end }}
