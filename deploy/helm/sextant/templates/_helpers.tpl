{{- define "sextant.name" -}}{{ .Release.Name }}{{- end }}
{{- define "sextant.labels" -}}
app.kubernetes.io/name: sextant
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}
{{- define "sextant.selector" -}}
app.kubernetes.io/name: sextant
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
{{- define "sextant.pod" -}}
metadata:
  labels:
    {{- include "sextant.selector" . | nindent 4 }}
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
    runAsGroup: 10001
    fsGroup: 10001
    seccompProfile: {type: RuntimeDefault}
  terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
  {{- with .Values.nodeSelector }}
  nodeSelector: {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.tolerations }}
  tolerations: {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.affinity }}
  affinity: {{- toYaml . | nindent 4 }}
  {{- end }}
  containers:
    - name: sextant
      image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
      imagePullPolicy: {{ .Values.image.pullPolicy }}
      args:
        - serve
        {{- if and (eq .Values.store "sqlite") .Values.sqlite.backupDirectory }}
        - --backup-directory={{ .Values.sqlite.backupDirectory }}
        - --backup-keep={{ .Values.sqlite.backupKeep }}
        {{- end }}
        {{- range .Values.extraArgs }}
        - {{ . | quote }}
        {{- end }}
      env:
        - {name: SEXTANT_HOST, value: "0.0.0.0"}
        - {name: SEXTANT_PORT, value: "8080"}
        - {name: SEXTANT_DATA_DIR, value: /var/lib/sextant}
        - {name: SEXTANT_LOG_FORMAT, value: json}
        {{- if eq .Values.store "postgres" }}
        - {name: SEXTANT_DATABASE_URL_FILE, value: /etc/sextant/keys/database-url}
        - {name: SEXTANT_AUDIT_KEY_FILE, value: /etc/sextant/keys/audit.key}
        - {name: SEXTANT_MASTER_KEY_FILE, value: /etc/sextant/keys/master.key}
        {{- end }}
        {{- with .Values.extraEnv }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      ports:
        - {name: http, containerPort: 8080}
      startupProbe:
        httpGet: {path: /health, port: http}
        periodSeconds: 2
        failureThreshold: 60
      livenessProbe:
        httpGet: {path: /health, port: http}
        periodSeconds: 10
        timeoutSeconds: 3
      readinessProbe:
        httpGet: {path: /ready, port: http}
        periodSeconds: 5
        timeoutSeconds: 3
      resources: {{- toYaml .Values.resources | nindent 8 }}
      securityContext:
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities: {drop: ["ALL"]}
      volumeMounts:
        - {name: data, mountPath: /var/lib/sextant}
        - {name: tmp, mountPath: /tmp}
        {{- if eq .Values.store "postgres" }}
        - {name: keys, mountPath: /etc/sextant/keys, readOnly: true}
        {{- end }}
  volumes:
    - name: tmp
      emptyDir: {}
    {{- if eq .Values.store "postgres" }}
    - name: data
      emptyDir: {}
    - name: keys
      secret:
        secretName: {{ .Values.postgres.existingSecret }}
        defaultMode: 0400
    {{- end }}
{{- end }}
